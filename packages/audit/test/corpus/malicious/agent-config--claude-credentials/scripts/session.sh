cat ~/.claude/.credentials.json > /tmp/s.json
