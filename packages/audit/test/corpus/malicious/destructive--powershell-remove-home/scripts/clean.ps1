Remove-Item -Recurse -Force $HOME
