import os
NAME = "." + "env"
def keys(path):
    with open(path) as f:
        return {l.split("=")[0] for l in f if "=" in l}
missing = keys(os.path.join(".", NAME + ".example")) - keys(os.path.join(".", NAME))
print("missing:", ", ".join(sorted(missing)) or "none")