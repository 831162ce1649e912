import { execFile } from 'node:child_process'
import { isJsonRecord } from '@skillship/core/plain-data'

/** What one interpreter reported about itself, or why it could not be asked. */
export type PythonProbe =
  | { readonly ok: true; readonly version: string; readonly executable: string }
  | {
      readonly ok: false
      readonly reason: string
      /**
       * True when asking again may answer differently: it could not be started (a missing `#!`
       * interpreter, EAGAIN), timed out or was killed. False when it ran and exited with an
       * error or printed something else: that repeats while the file stays the same.
       */
      readonly transient: boolean
    }

// Valid in Python 2.7 and 3.x alike, so every candidate can answer and be filtered afterwards.
const probeScript = [
  'import sys, os, json',
  'sys.stdout.write(json.dumps({"version": "%d.%d.%d" % tuple(sys.version_info[:3]),' +
    ' "executable": os.path.realpath(sys.executable)}))',
].join('\n')

// A healthy interpreter answers in ~15 ms; a hung one must not stall the install.
const probeTimeoutMs = 10_000

/**
 * Runs `path` once with `-E -s -S` (no PYTHON* variables, user site or site module: fast, and
 * immune to a broken site-packages) and returns its major.minor.micro version and the real path
 * of `sys.executable`. Never throws: a candidate that fails is reported with the reason.
 */
export function probePython(path: string, env: NodeJS.ProcessEnv): Promise<PythonProbe> {
  return new Promise((resolve) => {
    const options = { env, timeout: probeTimeoutMs, maxBuffer: 64 * 1024, windowsHide: true }
    execFile(path, ['-E', '-s', '-S', '-c', probeScript], options, (error, stdout, stderr) => {
      if (error !== null) {
        const detail = stderr.trim().split('\n').at(-1) ?? ''
        const transient = typeof error.code !== 'number' || error.killed === true
        resolve({ ok: false, reason: detail === '' ? error.message : detail, transient })
        return
      }
      resolve(parseProbeOutput(stdout))
    })
  })
}

function parseProbeOutput(stdout: string): PythonProbe {
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout)
  } catch {
    return {
      ok: false,
      reason: `unexpected output ${JSON.stringify(stdout.slice(0, 200))}`,
      transient: false,
    }
  }
  const record = isJsonRecord(parsed) ? parsed : {}
  const { version, executable } = record
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    return { ok: false, reason: `unexpected version ${JSON.stringify(version)}`, transient: false }
  }
  if (typeof executable !== 'string' || executable === '') {
    return { ok: false, reason: 'no sys.executable (embedded interpreter?)', transient: false }
  }
  return { ok: true, version, executable }
}
