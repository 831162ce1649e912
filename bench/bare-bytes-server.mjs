// The baseline of bench/serve.ts: a bare node:http server answering every request with the bytes
// of one file, as JSON. Usage: node bench/bare-bytes-server.mjs BODY
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const body = readFileSync(process.argv[2])
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
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
