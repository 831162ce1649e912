/** How one finding affects the verdict: only 'error' makes `skillship doctor` fail. */
export type FindingStatus = 'ok' | 'warn' | 'error'

/** One line of the doctor's report. */
export interface Finding {
  /** The check that found it (`node`, `python`, `permissions`, ...). */
  readonly check: string
  readonly status: FindingStatus
  readonly message: string
  /** What to do about it: a command to run or a setting to change. */
  readonly fix?: string
  readonly path?: string
  /** The error code when the finding is a coded error (INSTALL_*, RUNTIME_*, SKILL_*). */
  readonly code?: string
}

/** Every finding of every check, in check order; `ok` is false when any finding is an error. */
export interface DoctorReport {
  readonly findings: Finding[]
  readonly ok: boolean
}

/** A finding from its parts, leaving out the optional ones that are undefined. */
export function finding(
  check: string,
  status: FindingStatus,
  message: string,
  extra: { fix?: string | undefined; path?: string | undefined; code?: string | undefined } = {},
): Finding {
  return {
    check,
    status,
    message,
    ...(extra.fix === undefined ? {} : { fix: extra.fix }),
    ...(extra.path === undefined ? {} : { path: extra.path }),
    ...(extra.code === undefined ? {} : { code: extra.code }),
  }
}

/** `1 skill`, `3 skills`: counts in messages. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
