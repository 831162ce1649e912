// `node bench/load-install-code.cjs`: loads what any `skillship install` against a registry loads
// before its first step: the CLI's install bundle, the way bin/skillship.js does (with the V8 code
// cache; its modules are evaluated lazily, so nothing runs), and the two Node built-ins every such
// install needs, node:http (the registry) and node:crypto (integrity). Timed by bench/install.ts.
const { join } = require('node:path')
const { loadBundle } = require('../apps/cli/bin/load-bundle.js')

loadBundle(join(__dirname, '../apps/cli/bundle/install.js'))
require('node:http')
require('node:crypto')
