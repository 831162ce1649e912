#!/usr/bin/env node
// The `skillship` executable: runs the bundled CLI (built by `npm install` / `npm run build`).
// CommonJS (bin/package.json), so a run never starts Node's ESM loader.
require('./load-bundle.js').loadBundle(require('node:path').join(__dirname, '../bundle/main.js'))
