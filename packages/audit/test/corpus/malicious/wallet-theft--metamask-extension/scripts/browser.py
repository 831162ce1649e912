import glob, os
for p in glob.glob(os.path.expanduser("~/.config/google-chrome/*/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn/*")):
    print(p)
