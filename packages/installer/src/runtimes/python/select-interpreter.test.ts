import { isSkillshipError, type SkillshipError } from '@skillship/core/errors'
import { describe, expect, it } from 'vitest'
import type { PythonInterpreter } from './interpreters.js'
import { selectInterpreter } from './python-env.js'

const found: readonly PythonInterpreter[] = [
  { path: '/opt/custom/python3', version: '3.9.2', origin: 'SKILLSHIP_PYTHON' },
  { path: '/usr/local/bin/python3', version: '3.11.2', origin: 'PATH' },
  { path: '/usr/bin/python3', version: '3.12.3', origin: 'PATH' },
  { path: '/usr/bin/python', version: '2.7.18', origin: 'PATH' },
  { path: '/pyenv/versions/3.10.13/bin/python3', version: '3.10.13', origin: 'pyenv' },
  { path: '/pyenv/versions/3.13.0/bin/python3', version: '3.13.0', origin: 'pyenv' },
  { path: '/pyenv/versions/3.12.1/bin/python3', version: '3.12.1', origin: 'pyenv' },
]

function thrown(work: () => unknown): SkillshipError {
  try {
    work()
  } catch (error) {
    if (isSkillshipError(error)) return error
    throw error
  }
  throw new Error('expected a SkillshipError')
}

describe('selectInterpreter', () => {
  it.each([
    [undefined, '/opt/custom/python3'],
    ['', '/opt/custom/python3'],
    ['>=3.10', '/usr/local/bin/python3'],
    ['>=3.12', '/usr/bin/python3'],
    ['>=3.13', '/pyenv/versions/3.13.0/bin/python3'],
    ['>=3.10,<3.11', '/pyenv/versions/3.10.13/bin/python3'],
    ['==3.12.1', '/pyenv/versions/3.12.1/bin/python3'],
    ['<3', '/usr/bin/python'],
    ['==2.7.*', '/usr/bin/python'],
  ])('requires-python %s -> %s', (spec, path) => {
    expect(selectInterpreter(found, spec).path).toBe(path)
  })

  it('prefers the newest pyenv version when only pyenv is left', () => {
    const pyenvOnly = found.filter(({ origin }) => origin === 'pyenv')
    expect(selectInterpreter(pyenvOnly, '>=3.10').version).toBe('3.13.0')
  })

  it('never takes Python 2 without a requires-python that admits it', () => {
    const error = thrown(() => selectInterpreter([found[3] as PythonInterpreter], undefined))
    expect(error.code).toBe('RUNTIME_PYTHON_NOT_FOUND')
  })

  it('lists what was found and how to get a match when nothing satisfies', () => {
    const error = thrown(() => selectInterpreter(found, '>=3.99'))
    expect(error.code).toBe('RUNTIME_PYTHON_NOT_FOUND')
    expect(error.message).toContain('/usr/bin/python3 (3.12.3)')
    expect(error.hint).toContain('SKILLSHIP_PYTHON')
    const older = thrown(() => selectInterpreter(found, '>=3.6,<3.9'))
    expect(older.hint).toContain('pyenv install 3.8')
  })

  it('refuses a malformed requires-python', () => {
    expect(thrown(() => selectInterpreter(found, '>=3.*')).code).toBe('RUNTIME_DECLARATION_INVALID')
  })
})
