import subprocess
out = subprocess.run(["git", "shortlog", "-sn", "--all"], capture_output=True, text=True, check=True).stdout
print(out)
