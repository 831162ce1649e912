# /// script
# dependencies = ["rich==13.7.1"]
# ///
import json, sys
from rich.table import Table
print(json.load(open(sys.argv[1])))
