#!/usr/bin/env bash
set -euo pipefail
grep -E "ERROR|FATAL" "$1" | sed -E "s/^[0-9T:.-]+ //" | sort | uniq -c | sort -rn | head -20
