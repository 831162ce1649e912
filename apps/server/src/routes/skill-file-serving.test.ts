import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

// A skill is hostile content: none of its files may become a page (script, styles, XSLT, SVG)
// on the registry's origin, whatever its extension says, and no browser may sniff one into one.

const page = '<!doctype html><html><body><script>alert(document.domain)</script></body></html>\n'
const hostileFiles = {
  'assets/logo.svg':
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>\n',
  'pages/index.xhtml': `<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>\n`,
  'pages/index.html': page,
  'pages/INDEX.HTM': page,
  'pages/no-extension': page,
  'data/feed.xml': '<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><feed/>\n',
  'scripts/tool.js': 'alert(1)\n',
  'styles/site.css': 'body { color: red }\n',
}
// Types a browser renders or runs when navigated to or embedded.
const activeTypes = /html|xml|svg|javascript|ecmascript|text\/css|pdf/i

let registry: TestRegistry

beforeAll(async () => {
  registry = await createTestRegistry()
  const response = await registry.request('PUT', '/v1/skills/hostile', {
    token: registry.adminToken,
    body: await packTestSkill('hostile', '1.0.0', hostileFiles),
  })
  expect(response.status).toBe(201)
})

afterAll(async () => {
  await registry.close()
})

function servingHeaders(response: Response) {
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    active: activeTypes.test(type),
    charset: type === 'application/octet-stream' || /charset=utf-8/.test(type),
    nosniff: response.headers.get('x-content-type-options'),
    csp: response.headers.get('content-security-policy'),
  }
}

const inert = { status: 200, active: false, charset: true, nosniff: 'nosniff', csp: 'sandbox' }

describe('skill files served by the registry', () => {
  it.each(Object.keys(hostileFiles))('never serves %s as an active page', async (path) => {
    const response = await registry.request('GET', `/v1/load/hostile/files/${path}`)
    expect({ path, ...servingHeaders(response) }).toEqual({ path, ...inert })
    const disposition = response.headers.get('content-disposition') ?? ''
    if (
      !/^text\/(plain|markdown)|^application\/json/.test(response.headers.get('content-type') ?? '')
    )
      expect({ path, disposition }).toEqual({ path, disposition: 'attachment' })
  })

  it('serves the tarball as an attachment that is never sniffed or run', async () => {
    const response = await registry.request('GET', '/v1/skills/hostile/-/1.0.0.tgz')
    expect({
      status: response.status,
      nosniff: response.headers.get('x-content-type-options'),
      csp: response.headers.get('content-security-policy'),
      disposition: response.headers.get('content-disposition'),
    }).toEqual({
      status: 200,
      nosniff: 'nosniff',
      csp: 'sandbox',
      disposition: 'attachment; filename="hostile-1.0.0.tgz"',
    })
  })
})
