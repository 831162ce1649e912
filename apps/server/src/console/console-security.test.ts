import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestRegistry,
  packTestSkill,
  type TestRegistry,
} from '../../test/registry-harness.js'

let registry: TestRegistry

beforeEach(async () => {
  registry = await createTestRegistry()
  const response = await registry.request('PUT', '/v1/skills/alpha', {
    token: registry.adminToken,
    body: await packTestSkill('alpha', '1.0.0'),
  })
  expect(response.status).toBe(201)
})

afterEach(async () => {
  await registry.close()
})

const host = 'localhost'

function get(path: string, cookie = '', headers: Record<string, string> = {}) {
  return registry.app.request(path, {
    headers: { host, ...(cookie ? { cookie } : {}), ...headers },
  })
}

function post(
  path: string,
  form: Record<string, string>,
  cookie = '',
  headers: Record<string, string> = {},
) {
  return registry.app.request(path, {
    method: 'POST',
    body: new URLSearchParams(form).toString(),
    headers: {
      host,
      origin: `http://${host}`,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
  })
}

function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>()
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
  return jar
}

// The sign-in form's CSRF value (hidden field) and its pre-session cookie.
async function signInForm(): Promise<{ csrf: string; cookie: string }> {
  const response = await get('/sign-in')
  const html = await response.text()
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  return { csrf, cookie: `skillship_csrf=${cookiesOf(response).get('skillship_csrf') ?? ''}` }
}

async function signIn(token: string, headers: Record<string, string> = {}) {
  const form = await signInForm()
  return post('/sign-in', { csrf: form.csrf, token, next: '/admin' }, form.cookie, headers)
}

async function sessionCookie(token: string): Promise<string> {
  const response = await signIn(token)
  expect(response.status).toBe(303)
  return `skillship_session=${cookiesOf(response).get('skillship_session')}`
}

async function pageCsrf(path: string, cookie: string): Promise<string> {
  return /name="csrf" value="([^"]+)"/.exec(await (await get(path, cookie)).text())?.[1] ?? ''
}

describe('console security', () => {
  it('answers pages with a strict CSP, nosniff and no framing, and leaves the API as it was', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    const api = await get('/v1/nothing-here')
    expect(api.status).toBe(404)
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe(
      'REGISTRY_NOT_FOUND',
    )
    expect(api.headers.get('content-security-policy')).toBeNull()
  })

  it('exchanges a token for an HttpOnly SameSite=Strict cookie, Secure only behind TLS', async () => {
    const plain = (await signIn(registry.adminToken)).headers
      .getSetCookie()
      .find((c) => c.startsWith('skillship_session='))
    expect(plain).toMatch(/HttpOnly/)
    expect(plain).toMatch(/SameSite=Strict/)
    expect(plain).not.toMatch(/Secure/)
    const proxied = (await signIn(registry.adminToken, { 'x-forwarded-proto': 'https' })).headers
      .getSetCookie()
      .find((c) => c.startsWith('skillship_session='))
    // SKILLSHIP_TRUST_PROXY is off in the harness: a client's own header proves nothing.
    expect(proxied).not.toMatch(/Secure/)
  })

  it('refuses a wrong token with the sign-in form again and no session', async () => {
    const response = await signIn('sks_not-a-real-token')
    expect(response.status).toBe(401)
    expect(cookiesOf(response).has('skillship_session')).toBe(false)
  })

  it('refuses sign-in without the CSRF value (SERVE_CSRF_REJECTED)', async () => {
    const form = await signInForm()
    const response = await post('/sign-in', { token: registry.adminToken }, form.cookie)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('SERVE_CSRF_REJECTED')
    expect(cookiesOf(response).has('skillship_session')).toBe(false)
  })

  it('refuses a cross-site post even with the right CSRF value', async () => {
    const cookie = await sessionCookie(registry.adminToken)
    const csrf = await pageCsrf('/admin', cookie)
    const response = await post('/admin/tokens', { csrf, name: 'evil', scopes: 'admin' }, cookie, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('SERVE_CSRF_REJECTED')
    const tokens = (await (
      await registry.request('GET', '/v1/tokens', { token: registry.adminToken })
    ).json()) as { tokens: { name: string }[] }
    expect(tokens.tokens.map((t) => t.name)).not.toContain('evil')
  })

  it('refuses a state change whose CSRF value belongs to another session', async () => {
    const cookie = await sessionCookie(registry.adminToken)
    const other = await sessionCookie(await registry.token(['admin'], 'other-admin'))
    const otherCsrf = await pageCsrf('/admin', other)
    const response = await post(
      '/admin/tokens',
      { csrf: otherCsrf, name: 'x', scopes: 'admin' },
      cookie,
    )
    expect(response.status).toBe(403)
  })

  it('creates a token and shows its secret once; revoking the token ends its sessions', async () => {
    const cookie = await sessionCookie(registry.adminToken)
    const csrf = await pageCsrf('/admin', cookie)
    const created = await post('/admin/tokens', { csrf, name: 'ci', scopes: 'admin' }, cookie)
    expect(created.status).toBe(200)
    expect(created.headers.get('cache-control')).toBe('private, no-store')
    const secret = /data-secret>([^<]+)</.exec(await created.text())?.[1] ?? ''
    expect(secret).toMatch(/^sks_/)
    expect(await (await get('/admin', cookie)).text()).not.toContain(secret)

    const ciCookie = await sessionCookie(secret)
    expect(await (await get('/admin', ciCookie)).text()).toContain('Signed in as')
    const list = (await (
      await registry.request('GET', '/v1/tokens', { token: registry.adminToken })
    ).json()) as { tokens: { id: string; name: string }[] }
    const id = list.tokens.find((t) => t.name === 'ci')?.id ?? ''
    const revoked = await post(`/admin/tokens/${id}/revoke`, { csrf }, cookie)
    expect(revoked.status).toBe(303)
    const after = await get('/admin', ciCookie)
    expect(after.status).toBe(401)
    expect(await after.text()).not.toContain('Signed in as')
    expect(after.headers.getSetCookie().some((c) => /^skillship_session=;/.test(c))).toBe(true)
  })

  it('gives a token exactly its API scopes: a read token may not see tokens', async () => {
    const cookie = await sessionCookie(await registry.token(['read:*'], 'reader'))
    const response = await get('/admin', cookie)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('REGISTRY_FORBIDDEN')
  })

  it('lets a publisher list and revoke only its own signing keys, with the CSRF value', async () => {
    const addKey = async (token: string) => {
      const publicKey = exportSigningKey(generateSigningKey()).publicKeyPem
      const response = await registry.request('POST', '/v1/keys/publishers', {
        token,
        body: JSON.stringify({ publicKey }),
        headers: { 'content-type': 'application/json' },
      })
      expect(response.status).toBe(201)
      return ((await response.json()) as { keyId: string }).keyId
    }
    const alice = await registry.token(['publish:team-*'], 'alice')
    const aliceKey = await addKey(alice)
    const bobKey = await addKey(await registry.token(['publish:other-*'], 'bob'))
    const cookie = await sessionCookie(alice)
    const page = await get('/admin', cookie)
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain(aliceKey)
    expect(text).not.toContain(bobKey)
    expect(text).not.toContain('Create a token')
    const csrf = await pageCsrf('/admin', cookie)
    expect((await post(`/admin/keys/${bobKey}/revoke`, { csrf }, cookie)).status).toBe(400)
    expect((await post(`/admin/keys/${aliceKey}/revoke`, {}, cookie)).status).toBe(403)
    expect((await post(`/admin/keys/${aliceKey}/revoke`, { csrf }, cookie)).status).toBe(303)
    const keys = (await (
      await registry.request('GET', '/v1/keys/publishers', { token: registry.adminToken })
    ).json()) as { keys: { keyId: string; revokedAt: string | null }[] }
    expect(keys.keys.find((k) => k.keyId === aliceKey)?.revokedAt).not.toBeNull()
    expect(keys.keys.find((k) => k.keyId === bobKey)?.revokedAt).toBeNull()
  })

  it('signs out only with the CSRF value', async () => {
    const cookie = await sessionCookie(registry.adminToken)
    expect((await post('/sign-out', {}, cookie)).status).toBe(403)
    const csrf = await pageCsrf('/', cookie)
    const out = await post('/sign-out', { csrf }, cookie)
    expect(out.status).toBe(303)
    expect(out.headers.getSetCookie().some((c) => /^skillship_session=;/.test(c))).toBe(true)
  })

  it('runs search as you type under the API search limit (SERVE_BUSY when it is full)', async () => {
    const limit = registry.limits.search
    let release = (): void => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const held = Array.from({ length: limit.capacity() }, () => limit.run(() => gate))
    try {
      const response = await get('/-/catalog-results?q=al')
      expect(response.status).toBe(503)
      expect(await response.text()).toContain('SERVE_BUSY')
    } finally {
      release()
      await Promise.all(held)
    }
    const ok = await get('/-/catalog-results?q=al')
    expect(await ok.text()).toContain('/skills/alpha')
  })

  it('keeps private skills out of the anonymous catalog', async () => {
    const hidden = await registry.request('PUT', '/v1/skills/hidden?access=private', {
      token: registry.adminToken,
      body: await packTestSkill('hidden', '1.0.0'),
    })
    expect(hidden.status).toBe(201)
    expect(await (await get('/')).text()).not.toContain('/skills/hidden')
    expect((await get('/skills/hidden')).status).toBe(404)
    const cookie = await sessionCookie(registry.adminToken)
    expect(await (await get('/', cookie)).text()).toContain('/skills/hidden')
  })
})
