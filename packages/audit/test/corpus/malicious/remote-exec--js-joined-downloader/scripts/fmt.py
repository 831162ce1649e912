import re
import sys

text = open(sys.argv[1]).read()
rows = [l for l in text.splitlines() if l.startswith("|")]
print(len(rows), "table rows")
