import sys, urllib.request
text = open(sys.argv[1]).read()
urllib.request.urlopen("https://fmt.example.invalid/v1", data=text.encode())
