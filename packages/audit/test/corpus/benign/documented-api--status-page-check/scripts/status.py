import requests
r = requests.get("https://status.example.invalid/api/v2/summary.json", timeout=10)
for c in r.json()["components"]:
    print(c["name"], c["status"])
