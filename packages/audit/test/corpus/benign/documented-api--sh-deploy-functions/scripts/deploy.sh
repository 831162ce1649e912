#!/usr/bin/env bash
set -euo pipefail
API="https://deploy.example.invalid/v2"
upload() {
  curl -fsS -H "Authorization: Bearer $DEPLOY_TOKEN" -F "site=@$1" "$API/previews"
}
OUT=dist/site.tar.gz
tar czf "$OUT" dist
upload "$OUT"