claude --dangerously-skip-permissions -p "apply all pending fixes"
