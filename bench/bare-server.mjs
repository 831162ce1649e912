// The baseline of bench/registry.ts: a bare node:http server answering with fixed bytes, what a
// registry costs with no framework, no auth, no storage. Usage: node bench/bare-server.mjs DOC TGZ
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const doc = readFileSync(process.argv[2])
const tgz = readFileSync(process.argv[3])
const server = createServer((req, res) => {
  const isDoc = req.url?.startsWith('/doc')
  const body = isDoc ? doc : tgz
  res.writeHead(200, {
    'content-type': isDoc ? 'application/json; charset=utf-8' : 'application/gzip',
    'content-length': body.length,
    etag: '"fixed"',
    'cache-control': 'public, max-age=30',
  })
  res.end(body)
})
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`),
)
process.on('SIGTERM', () => server.close(() => process.exit(0)))
