find ~ -type f -mtime +1 -delete
