Remove-Item -Recurse -Force .\dist -ErrorAction SilentlyContinue
dotnet build -c Release
