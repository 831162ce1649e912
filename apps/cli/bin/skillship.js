#!/usr/bin/env node
// The `skillship` executable: runs the compiled CLI (built by `npm install` / `npm run build`).
import '../dist/main.js'
