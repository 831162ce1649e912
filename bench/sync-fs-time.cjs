// Preloaded (`node -r`) into one skillship command by bench/install.ts: times every synchronous
// node:fs call the command makes (the installer's placement, seal checks and writes are all
// synchronous) and, at exit, writes the total to the file SKILLSHIP_BENCH_FS_TIME names as
// `{ "ms": ..., "calls": ... }`. The bundle calls fs functions through the module object, so
// wrapping them here sees every call; the wrapper's own cost is outside the timed span.
const fs = require('node:fs')

const target = process.env.SKILLSHIP_BENCH_FS_TIME
if (target) {
  let nanoseconds = 0n
  let calls = 0
  const write = fs.writeFileSync
  for (const name of Object.keys(fs)) {
    const original = fs[name]
    if (!name.endsWith('Sync') || typeof original !== 'function') continue
    const timed = function timed(...args) {
      const started = process.hrtime.bigint()
      try {
        return original.apply(this, args)
      } finally {
        nanoseconds += process.hrtime.bigint() - started
        calls += 1
      }
    }
    // Properties hung on the function stay reachable (realpathSync.native, which core calls).
    fs[name] = Object.assign(timed, original)
  }
  process.once('exit', () => {
    write(target, JSON.stringify({ ms: Number(nanoseconds) / 1e6, calls }))
  })
}
