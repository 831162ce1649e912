import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePasswd, readPasswdEntries } from './preflight-writable.js'
import { describeUser, userName } from './write-errors.js'

const text = [
  '# a comment',
  'root:x:0:0:root:/root:/bin/bash',
  '',
  'alice:x:1000:1000:Alice,,,:/home/alice:/bin/zsh',
  'broken-line',
  'bad:x:notanumber:0::/nowhere:/bin/false',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
].join('\n')

describe('parsePasswd', () => {
  it('reads name, uid and home, skipping comments and malformed lines', () => {
    expect(parsePasswd(text)).toEqual([
      { name: 'root', uid: 0, home: '/root' },
      { name: 'alice', uid: 1000, home: '/home/alice' },
      { name: 'nobody', uid: 65534, home: '/nonexistent' },
    ])
  })

  it('names users by their entry, else by uid', () => {
    const users = parsePasswd(text)
    expect(describeUser(1000, users)).toBe('alice (uid 1000)')
    expect(describeUser(4242, users)).toBe('uid 4242')
    expect(userName(0, users)).toBe('root')
    expect(userName(4242, users)).toBe('4242')
  })
})

describe('readPasswdEntries', () => {
  it('reads a file and treats a missing one as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skillship-passwd-'))
    try {
      await writeFile(join(dir, 'passwd'), text)
      expect(await readPasswdEntries(join(dir, 'passwd'))).toHaveLength(3)
      expect(await readPasswdEntries(join(dir, 'missing'))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
