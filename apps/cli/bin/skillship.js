#!/usr/bin/env node
// The `skillship` executable: runs the bundled CLI (built by `npm install` / `npm run build`).
import '../bundle/main.js'
