import sys
import requests as http
BASE = "https://api.example.invalid"
def url(city):
    return f"{BASE}/v1/forecast"
r = http.get(url(sys.argv[1]), params={"city": sys.argv[1]}, timeout=10)
for day in r.json()["days"][:3]:
    print(day["date"], day["summary"])