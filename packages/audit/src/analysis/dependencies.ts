import type { WorkBudget } from '../budget.js'
import type { Segment } from '../surfaces/split-skill.js'
import type { Capability, Finding } from '../types.js'
import { popularNpm, popularPypi } from './popular-packages.js'
import { lineIndex } from './script-parsers.js'

type Ecosystem = 'npm' | 'pypi'
type Emit = (f: Omit<Finding, 'category'>) => void

const suspiciousHook =
  /\b(?:curl|wget|node\s+-e|python3?\s+-c|base64|eval|bash\s+-c|sh\s+-c|\|\s*(?:ba)?sh\b|powershell|iwr|nc\s|https?:\/\/|\.\/[\w.-]+\.sh|node\s+[\w./-]+\.js)/i
const installHooks = [
  'preinstall',
  'install',
  'postinstall',
  'preuninstall',
  'postuninstall',
  'prepublish',
]

/** Dependency findings for manifests (package.json, requirements, pyproject) and PEP 723 script headers. */
export function auditDependencies(
  seg: Segment,
  budget: WorkBudget,
  emit: Emit,
  caps: Capability[],
): void {
  if (seg.manifest === 'package.json') packageJson(seg, emit, caps)
  else if (seg.manifest === 'requirements') requirementLines(seg.text, seg.path, emit)
  else if (seg.manifest === 'pyproject') pyprojectDeps(seg, emit)
  else if (seg.surface === 'script' && seg.lang === 'python') pep723(seg, emit)
  if (seg.surface !== 'manifest') commandInstalls(seg, budget, emit)
  budget.spendNodes(1)
}

function packageJson(seg: Segment, emit: Emit, caps: Capability[]): void {
  let data: unknown
  try {
    data = JSON.parse(seg.text)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    return
  }
  if (data === null || typeof data !== 'object') return
  const record = data as Record<string, unknown>
  installHookScripts(seg, asRecord(record['scripts']), emit, caps)
  for (const field of [
    'dependencies',
    'devDependencies',
    'optionalDependencies',
    'peerDependencies',
  ]) {
    for (const [name, spec] of Object.entries(asRecord(record[field]))) {
      const line = lineOf(seg.text, `"${name}"`)
      if (typeof spec === 'string') checkSpec(name, spec, 'npm', seg.path, line, emit)
    }
  }
}

/** npm lifecycle scripts that run on install: each one a capability and a finding. */
function installHookScripts(
  seg: Segment,
  scripts: Record<string, unknown>,
  emit: Emit,
  caps: Capability[],
): void {
  for (const [hook, command] of Object.entries(scripts)) {
    if (typeof command !== 'string' || !installHooks.includes(hook)) continue
    const line = lineOf(seg.text, `"${hook}"`)
    caps.push({ kind: 'install-hook', path: seg.path, line, detail: hook })
    const bad = suspiciousHook.test(command)
    emit({
      rule: 'SKA-DEP-010',
      severity: bad ? 'critical' : 'medium',
      confidence: bad ? 'high' : 'medium',
      path: seg.path,
      line,
      message: `npm ${hook} hook runs \`${command.slice(0, 80)}\` on install`,
      remediation:
        'Remove install hooks; a skill should not run code when its dependencies are installed.',
    })
  }
}

function checkSpec(
  name: string,
  spec: string,
  eco: Ecosystem,
  path: string,
  line: number,
  emit: Emit,
): void {
  if (
    /^(?:https?:|git\+|git:|github:|gitlab:|bitbucket:|file:|link:)|^[\w.-]+\/[\w.-]+(?:#.*)?$/i.test(
      spec.trim(),
    )
  ) {
    emit({
      rule: 'SKA-DEP-011',
      severity: 'high',
      confidence: 'medium',
      path,
      line,
      message: `dependency ${name} comes from ${spec.slice(0, 80)} instead of the registry`,
      remediation: 'Depend on a registry release with a version range, or vendor the code.',
    })
  }
  lookAlike(name, eco, path, line, emit)
}

function lookAlike(raw: string, eco: Ecosystem, path: string, line: number, emit: Emit): void {
  const name = eco === 'pypi' ? raw.toLowerCase().replace(/[-_.]+/g, '-') : raw.toLowerCase()
  const list = eco === 'pypi' ? popularPypi : popularNpm
  if (name.length < 4 || list.includes(name) || name.startsWith('@')) return
  const near = list.find(
    (p) => Math.abs(p.length - name.length) <= 2 && distance(p, name) <= (p.length >= 8 ? 2 : 1),
  )
  if (near === undefined) return
  emit({
    rule: 'SKA-DEP-012',
    severity: 'high',
    confidence: 'medium',
    path,
    line,
    message: `dependency ${raw} looks like the popular ${eco} package ${near}`,
    remediation: `Check the name: did you mean ${near}?`,
  })
}

const reqLine = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(@\s*\S+|[<>=!~;].*)?$/

function requirementLines(text: string, path: string, emit: Emit): void {
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length && i < 5000; i += 1) {
    const line = (lines[i] ?? '').replace(/(?:^|\s)#.*$/, '').trim()
    if (line === '') continue
    checkRequirement(line, path, i + 1, emit)
  }
}

function checkRequirement(line: string, path: string, lineNo: number, emit: Emit): void {
  if (
    /^(?:-e\s+)?(?:git\+|https?:\/\/|svn\+|hg\+)|@\s*(?:git\+|https?:|file:)|--(?:extra-)?index-url\s+https?:\/\/(?!pypi\.org)|--trusted-host|^-i\s+https?:/i.test(
      line,
    )
  ) {
    emit({
      rule: 'SKA-DEP-011',
      severity: 'high',
      confidence: 'medium',
      path,
      line: lineNo,
      message: `requirement \`${line.slice(0, 80)}\` installs from outside the package index`,
      remediation: 'Depend on a PyPI release pinned by version, or vendor the code.',
    })
    return
  }
  const m = reqLine.exec(line.replace(/\s+/g, ' '))
  if (m?.[1]) lookAlike(m[1], 'pypi', path, lineNo, emit)
}

function pyprojectDeps(seg: Segment, emit: Emit): void {
  const lines = seg.text.split(/\r?\n/)
  let inDeps = false
  for (let i = 0; i < lines.length && i < 5000; i += 1) {
    const line = lines[i] ?? ''
    inDeps = entersDependencies(line, inDeps)
    if (!inDeps) continue
    for (const m of line.matchAll(/["']([^"']+)["']/g))
      checkRequirement(m[1] ?? '', seg.path, i + 1, emit)
    if (/\]\s*$/.test(line) && !/^\s*\[/.test(line)) inDeps = false
  }
}

/** Whether `line` of a pyproject.toml is inside a dependency list, given the line before was. */
function entersDependencies(line: string, inDeps: boolean): boolean {
  let inside = inDeps
  if (
    /^\s*(?:dependencies|requires|[\w-]+)\s*=\s*\[/.test(line) &&
    /dependencies|requires|dev|test/.test(line)
  )
    inside = true
  if (/^\s*\[/.test(line) && !/=/.test(line)) inside = /dependencies\]/.test(line)
  return inside
}

function pep723(seg: Segment, emit: Emit): void {
  const open = /^#\s*\/\/\/\s*script\s*$/m.exec(seg.text)
  if (open === null) return
  const rest = seg.text.slice(open.index + open[0].length)
  const close = /^#\s*\/\/\/\s*$/m.exec(rest)
  const block = rest.slice(0, close === null ? 4000 : close.index)
  const firstLine = seg.text.slice(0, open.index).split('\n').length + 1
  const lines = block.split(/\r?\n/).slice(1)
  for (let i = 0; i < lines.length; i += 1) {
    for (const m of (lines[i] ?? '').matchAll(/["']([^"']+)["']/g))
      checkRequirement((m[1] ?? '').trim(), seg.path, firstLine + i, emit)
  }
}

const installCommand =
  /\b(?:pip3?\s+install|python3?\s+-m\s+pip\s+install|uv\s+pip\s+install|pipx\s+install|uv\s+add|poetry\s+add)\s+([^\n;&|]{1,200})|\b(?:npm|pnpm|yarn|bun)\s+(?:i|install|add)\s+([^\n;&|]{1,200})|\bnpx\s+(?:-y\s+|--yes\s+)?([@\w./-]+)/gi

// Install commands looked at in one segment; more means a padded or hostile text (each name is
// compared with every popular package name).
const maxInstallCommands = 256

function commandInstalls(seg: Segment, budget: WorkBudget, emit: Emit): void {
  let lineAt: ((offset: number) => number) | undefined
  let seen = 0
  for (const m of seg.text.matchAll(installCommand)) {
    seen += 1
    if (seen > maxInstallCommands) {
      budget.exhaust(`more than ${maxInstallCommands} install commands in ${seg.path}`)
      return
    }
    const eco: Ecosystem = m[1] !== undefined ? 'pypi' : 'npm'
    const names = (m[1] ?? m[2] ?? m[3] ?? '')
      .split(/\s+/)
      .filter((n) => n !== '' && !n.startsWith('-'))
    lineAt ??= lineIndex(seg.text)
    const line = seg.firstLine + lineAt(m.index) - 1
    for (const n of names.slice(0, 8))
      lookAlike(
        n.replace(/["'`]/g, '').replace(/(?:[=<>~!@].*|\[.*)$/, ''),
        eco,
        seg.path,
        line,
        emit,
      )
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle)
  return at === -1 ? 1 : text.slice(0, at).split('\n').length
}

/** Levenshtein distance with transpositions counted as one edit (bounded by short names). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j += 1) (d[0] as number[])[j] = j
  for (let i = 1; i <= a.length; i += 1) {
    const row = d[i] as number[]
    for (let j = 1; j <= b.length; j += 1) row[j] = editCost(d, a, b, i, j)
  }
  return d[a.length]?.[b.length] ?? 0
}

/** One cell of the distance table from the cells above and to the left of it. */
function editCost(d: readonly number[][], a: string, b: string, i: number, j: number): number {
  const cost = a[i - 1] === b[j - 1] ? 0 : 1
  const v = Math.min(
    (d[i - 1]?.[j] ?? 0) + 1,
    (d[i]?.[j - 1] ?? 0) + 1,
    (d[i - 1]?.[j - 1] ?? 0) + cost,
  )
  if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
    return Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1)
  return v
}
