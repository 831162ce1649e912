import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Zippable, zipSync } from 'fflate'

/** A pure-Python test distribution. */
export interface TestWheelSpec {
  readonly name: string
  readonly version: string
  /** The source of the package's `__init__.py`; defaults to `__version__ = "<version>"`. */
  readonly module?: string
  /** PEP 508 `Requires-Dist` entries. */
  readonly requires?: readonly string[]
  /** Console scripts: command name -> `module:function`. */
  readonly consoleScripts?: Readonly<Record<string, string>>
}

/** A built wheel file. */
export interface TestWheel {
  readonly path: string
  /** `sha256:<hex>` of the file, as pip reports and checks it. */
  readonly hash: string
}

/**
 * Test support: writes a valid `py3-none-any` wheel (METADATA, WHEEL, RECORD with urlsafe-base64
 * SHA-256 digests, optional entry_points.txt) into `dir`, without network or build tools. The
 * package imports as the name with `-` and `.` replaced by `_`. The zip is deterministic.
 */
export async function buildTestWheel(dir: string, spec: TestWheelSpec): Promise<TestWheel> {
  const stem = spec.name.replace(/[-_.]+/g, '_')
  const distInfo = `${stem}-${spec.version}.dist-info`
  const files: Record<string, string> = {
    [`${stem.toLowerCase()}/__init__.py`]: spec.module ?? `__version__ = "${spec.version}"\n`,
    [`${distInfo}/METADATA`]: metadata(spec),
    [`${distInfo}/WHEEL`]:
      'Wheel-Version: 1.0\nGenerator: skillship-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  }
  const scripts = Object.entries(spec.consoleScripts ?? {})
  if (scripts.length > 0) {
    const lines = scripts.map(([command, target]) => `${command} = ${target}`)
    files[`${distInfo}/entry_points.txt`] = `[console_scripts]\n${lines.join('\n')}\n`
  }
  const record = Object.entries(files).map(([path, text]) => recordLine(path, text))
  files[`${distInfo}/RECORD`] = `${[...record, `${distInfo}/RECORD,,`].join('\n')}\n`
  const mtime = new Date('2020-01-01T00:00:00Z')
  const entries: Zippable = {}
  for (const [path, text] of Object.entries(files)) entries[path] = [Buffer.from(text), { mtime }]
  const bytes = zipSync(entries, { level: 6 })
  await mkdir(dir, { recursive: true })
  const path = join(dir, `${stem}-${spec.version}-py3-none-any.whl`)
  await writeFile(path, bytes)
  return { path, hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}` }
}

function metadata(spec: TestWheelSpec): string {
  const requires = (spec.requires ?? []).map((requirement) => `Requires-Dist: ${requirement}\n`)
  return `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n${requires.join('')}`
}

function recordLine(path: string, text: string): string {
  const bytes = Buffer.from(text)
  const digest = createHash('sha256').update(bytes).digest('base64url')
  return `${path},sha256=${digest},${bytes.length}`
}
