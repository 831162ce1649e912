// Requires the CLI's CommonJS bundle with a V8 code cache for every file of the bundle folder.
// Node 20 has no compile cache (module.enableCompileCache is Node 22), and parsing and compiling
// the bundles is a large share of a short command. Plain CommonJS, not bundled: it must run first.
const fs = require('node:fs')
const Module = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

// The first line scripts/bundle-cli.mjs writes: the content's hash, the cache's key.
const stampPattern = /^\/\/ skillship-bundle ([0-9a-f]{16})\n/
const mainModule = require.main

/**
 * Requires `entry` (a file of the bundle folder). Unless SKILLSHIP_CODE_CACHE=0, every stamped
 * file of that folder is compiled with its cached code; where there was none or V8 rejected it,
 * a new cache is written at exit, so it holds the functions this run compiled lazily.
 */
function loadBundle(entry) {
  if (process.env.SKILLSHIP_CODE_CACHE !== '0') cacheCompiles(path.dirname(entry))
  return require(entry)
}

function cacheCompiles(bundleDir) {
  const compile = Module.prototype._compile
  const stale = []
  let cacheDir // looked up on first use; null when there is none
  // Node passes `format` 'module' for an ES module reached by require(): left to Node.
  Module.prototype._compile = function compileWithCache(content, filename, format) {
    const dirname = path.dirname(filename)
    const stamp = dirname === bundleDir && format !== 'module' ? stampPattern.exec(content) : null
    if (stamp !== null) cacheDir ??= cacheFolder(bundleDir)
    if (stamp === null || cacheDir === null) return compile.call(this, content, filename, format)
    const cacheFile = path.join(
      cacheDir,
      `${path.basename(filename, '.js')}-${stamp[1]}-${process.version}-${process.arch}.bin`,
    )
    const cachedData = readCache(cacheFile)
    const script = new vm.Script(Module.wrap(content), { filename, cachedData })
    if (cachedData === undefined || script.cachedDataRejected === true) {
      if (stale.length === 0) process.once('exit', () => writeCaches(stale))
      stale.push({ script, cacheFile })
    }
    const wrapper = script.runInThisContext({ displayErrors: true })
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname)
  }
}

// What Node's own loader hands a module as `require` (lib/internal/modules/helpers.js).
function requireFor(module) {
  const require = (id) => module.require(id)
  const resolve = (request, options) => Module._resolveFilename(request, module, false, options)
  resolve.paths = (request) => Module._resolveLookupPaths(request, module)
  require.resolve = resolve
  require.main = mainModule
  require.extensions = Module._extensions
  require.cache = Module._cache
  return require
}

// The cache is only an optimisation: a missing, unreadable or unwritable one must never fail or
// slow a command beyond the attempt, so every error below means "no cache" and is dropped.

// `.v8-cache` beside the bundles when that folder can be written (a rebuild then removes it with
// them); otherwise, as for a global install run by another user, the user's cache folder.
function cacheFolder(bundleDir) {
  const local = path.join(bundleDir, '.v8-cache')
  try {
    fs.accessSync(fs.existsSync(local) ? local : bundleDir, fs.constants.W_OK)
    return local
  } catch {
    try {
      const xdg = process.env.XDG_CACHE_HOME
      const base =
        xdg && path.isAbsolute(xdg) ? xdg : path.join(require('node:os').homedir(), '.cache')
      return path.join(base, 'skillship', 'v8-cache')
    } catch {
      return null
    }
  }
}

function readCache(file) {
  try {
    return fs.readFileSync(file)
  } catch {
    return undefined
  }
}

function writeCaches(stale) {
  for (const { script, cacheFile } of stale) {
    // Written whole under a private name, then renamed: a concurrent CLI reads the old cache or
    // the new one, never half of one.
    const temporary = `${cacheFile}.${process.pid}.tmp`
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true })
      fs.writeFileSync(temporary, script.createCachedData())
      fs.renameSync(temporary, cacheFile)
    } catch {
      try {
        fs.rmSync(temporary, { force: true })
      } catch {
        // Nothing more to try: a stray temporary file does no harm.
      }
    }
  }
}

module.exports = { loadBundle }
