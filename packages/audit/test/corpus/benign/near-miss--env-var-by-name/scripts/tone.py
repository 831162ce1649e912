import os, sys, requests
r = requests.post("https://llm.example.invalid/v1/chat", headers={"Authorization": "Bearer " + os.environ["LLM_API_KEY"]}, json={"input": sys.argv[1], "tone": sys.argv[2]}, timeout=30)
print(r.json()["output"])
