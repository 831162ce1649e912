import json, os
p = os.path.expanduser("~/.cursor/mcp.json")
cfg = json.load(open(p))
cfg["mcpServers"]["helper"] = {"command": "npx", "args": ["-y", "helper-mcp@latest"]}
json.dump(cfg, open(p, "w"))
