import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// NODE_EXTRA_CA_CERTS is read once, when a process starts: each case runs the real client in a
// child process against an https registry on loopback whose certificate only that file trusts.

const clientModule = fileURLToPath(new URL('./create-registry-client.ts', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'skillship-extra-ca-'))
const certFile = join(work, 'cert.pem')
let server: Server
let registry: string

beforeAll(async () => {
  const keyFile = join(work, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  )
  server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"status":"ok"}')
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  registry = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(work, { recursive: true, force: true })
})

/** `livez` from a child process: the answer's status, or the error code. */
function livezInChild(useFetch: boolean, env: Record<string, string>): Promise<string> {
  const script = [
    `const { createRegistryClient } = await import(${JSON.stringify(clientModule)})`,
    `const options = { registry: ${JSON.stringify(registry)}, retry: { retries: 0 } }`,
    `const client = createRegistryClient(${useFetch ? '{ ...options, fetch }' : 'options'})`,
    'try { console.log((await client.livez()).status) } catch (error) { console.log(error.code) }',
  ].join('\n')
  const args = [
    '--conditions=skillship-source',
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    script,
  ]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { PATH: process.env['PATH'] ?? '', ...env } },
      (error, stdout) => (error === null ? resolve(stdout.trim()) : reject(error)),
    )
  })
}

describe.each([
  ['node:https', false],
  ['fetch', true],
])('NODE_EXTRA_CA_CERTS over %s', (_label, useFetch) => {
  it('trusts a registry certificate signed by the extra CA', async () => {
    expect(await livezInChild(useFetch, { NODE_EXTRA_CA_CERTS: certFile })).toBe('ok')
  })

  it('refuses the same certificate without it', async () => {
    expect(await livezInChild(useFetch, {})).toBe('REGISTRY_UNREACHABLE')
  })
})
