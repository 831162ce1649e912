import { execFile } from 'node:child_process'
import { findExecutableOnPath } from '../runtimes/python/find-executable-on-path.js'
import type { PythonInterpreter } from '../runtimes/python/interpreters.js'
import { selectInterpreter } from '../runtimes/python/python-env.js'
import { splitShellWords } from '../runtimes/python/split-shell-words.js'
import type { DoctorCheck } from './doctor-check.js'
import type { DoctorContext } from './doctor-context.js'
import { skippedFinding } from './error-finding.js'
import { type Finding, finding } from './finding.js'
import { redactCredentials } from './redact-credentials.js'

const name = 'pip'

/** The variables that change how environments are built, reported when set. */
export const pipVariables = [
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'PIP_FIND_LINKS',
  'SKILLSHIP_PIP_ARGS',
  'SKILLSHIP_USE_UV',
] as const

// `pip config list` reads files only (it has no version check or prompt, unlike install); a pip
// that hangs must not hang the doctor.
const pipTimeoutMs = 15_000

/**
 * What pip would use when building environments: `<python> -m pip config list` of the interpreter
 * skillship prefers, the PIP_* and SKILLSHIP_* variables, and whether uv is on PATH (and used).
 * Informational ('ok'), with credentials in URLs masked. No index is contacted: the doctor makes
 * no network traffic. A pip that does not run is a warning; unbalanced SKILLSHIP_PIP_ARGS quoting
 * (every build would fail) is an error.
 */
export const pipConfigCheck: DoctorCheck = {
  name,
  async run(context) {
    const findings: Finding[] = []
    for (const variable of pipVariables) {
      const value = context.options.env[variable]
      if (value === undefined || value === '') continue
      findings.push(finding(name, 'ok', `${variable}=${redactCredentials(value)}`))
    }
    const pipArgs = context.options.env['SKILLSHIP_PIP_ARGS'] ?? ''
    if (splitShellWords(pipArgs) === undefined) {
      findings.push(
        finding(name, 'error', `SKILLSHIP_PIP_ARGS has an unclosed quote or a trailing backslash`, {
          fix: 'Fix the quoting in SKILLSHIP_PIP_ARGS (shell-like words, e.g. --find-links "/my wheels").',
        }),
      )
    }
    findings.push(await uvFinding(context))
    let found: PythonInterpreter[]
    try {
      found = await context.pythonInterpreters()
    } catch (error) {
      if (!context.isInputFailure(error)) throw error
      return [...findings, skippedFinding(name, error)]
    }
    const python = preferredPython(found)
    findings.push(
      ...(python === undefined
        ? [finding(name, 'ok', 'no Python 3 interpreter: pip configuration not read')]
        : await pipConfigFindings(python.path, context)),
    )
    return findings
  },
}

async function uvFinding(context: DoctorContext): Promise<Finding> {
  const uv = await findExecutableOnPath('uv', context.env)
  if (uv === undefined)
    return finding(name, 'ok', 'uv is not on PATH: environments are built with pip')
  if (context.options.env['SKILLSHIP_USE_UV'] === '0') {
    return finding(
      name,
      'ok',
      `uv at ${uv} is not used (SKILLSHIP_USE_UV=0): environments are built with pip`,
    )
  }
  return finding(name, 'ok', `uv at ${uv}: environments are built with uv`, { path: uv })
}

// The interpreter used for skills that do not restrict the version; none when there is no Python 3.
function preferredPython(found: readonly PythonInterpreter[]): PythonInterpreter | undefined {
  return found.some((interpreter) => !interpreter.version.startsWith('2.'))
    ? selectInterpreter(found, undefined)
    : undefined
}

async function pipConfigFindings(python: string, context: DoctorContext): Promise<Finding[]> {
  // The user's own environment, unchanged: any PIP_* added here would show up in the listing.
  const result = await pipConfigList(python, context.env)
  if (!result.ok) {
    return [
      finding(name, 'warn', `pip does not run with ${python}: ${result.reason}`, {
        fix: `${python} -m ensurepip --upgrade (or your distribution's python3-pip / python3-venv package), or install uv`,
        path: python,
      }),
    ]
  }
  const lines = result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines.length === 0) return [finding(name, 'ok', `pip (${python}): no configuration set`)]
  return lines.map((line) =>
    finding(name, 'ok', `pip config (${python}): ${redactCredentials(line)}`),
  )
}

function pipConfigList(
  python: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const options = { env, timeout: pipTimeoutMs, maxBuffer: 256 * 1024, windowsHide: true }
    execFile(python, ['-m', 'pip', 'config', 'list'], options, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ ok: true, stdout })
        return
      }
      // The last line of pip's (or Python's) complaint says what is wrong ("No module named pip").
      const last = stderr.trim().split('\n').at(-1)?.trim()
      resolve({ ok: false, reason: last || error.message })
    })
  })
}
