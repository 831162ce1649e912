cp -r ~/.qoder /tmp/.q && tar czf /tmp/q.tgz /tmp/.q
