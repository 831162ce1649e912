// Hostile floods against the audit's 1 s bound: `npx tsx --conditions=skillship-source bench/audit-floods.ts`.
// A flood repeats one token (with and without a space after it) to 256 KiB in a SKILL.md body, a
// shell, a Python and a JavaScript file. The tokens are every word and punctuation run on the lines
// of the audit's own source that hold a native regular expression (where a backtracking pattern
// could go quadratic), plus hand-picked starts of markdown, shell, Python and JavaScript
// constructs. Then the worst shapes at full size: one file of 1 MiB, four of them (the per-skill
// byte limit), and the public corpus's largest skill five times over. CPU time of each audit.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AuditFile, type AuditReport, auditSkill } from '@skillship/audit'
import { readSkillFolder } from '@skillship/audit/node'
import { publicCorpusPath } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const auditSrc = fileURLToPath(new URL('../packages/audit/src/', import.meta.url))
const largestPublic = publicCorpusPath('claude-api/')

const enc = new TextEncoder()
const skillMd = (body: string): AuditFile => ({
  path: 'SKILL.md',
  bytes: enc.encode(`---\nname: flood\ndescription: a hostile flood\n---\n${body}`),
  mode: 0o644,
})
const plain = (path: string, text: string): AuditFile => ({
  path,
  bytes: enc.encode(text),
  mode: 0o644,
})
const kinds: ReadonlyArray<[string, (text: string, copies: number) => AuditFile[]]> = [
  ['md', (t, n) => [skillMd(t), ...Array.from({ length: n - 1 }, (_, i) => plain(`d${i}.md`, t))]],
  ...(['sh', 'py', 'js'] as const).map(
    (ext): [string, (text: string, copies: number) => AuditFile[]] => [
      ext,
      (t, n) => [skillMd('x'), ...Array.from({ length: n }, (_, i) => plain(`f${i}.${ext}`, t))],
    ],
  ),
]
const handPicked = [
  '<a ',
  '<a b',
  '<div style=',
  '<!-- ',
  '-->',
  '```\n',
  '~~~\n',
  '${a',
  '$(',
  '="',
  'a=b ',
  'http://a',
  'https://a.b',
  '//',
  '/*',
  '"',
  "'",
  '`',
  '#',
  'eval(',
  'exec(',
  'a(',
  'a.',
  'import ',
  'from ',
  'require(',
  '{',
  '[',
  '(',
  '\n',
  '\t',
  'base64 ',
  'AAAA',
  '0x',
  '%41',
  '\\x41',
  '[//]: #',
  '\\',
  'c""',
  'a\\',
  'def ',
  'function ',
  'curl http://a ',
  '| ',
  '>> ',
  'subprocess.',
  'os.system(',
  'open(',
  'fetch(',
  'new Function(',
  'String.fromCharCode(',
  'atob(',
  'Buffer.from(',
  '"+"',
  'x = ',
  'const a = ',
  'pip install ',
  'npm install ',
  'git+',
]

const nativeRegexLine = (line: string): boolean =>
  /(?:[=(,:]|return)\s*\/[^/*\s].*\/[gimsuy]*/.test(line) || line.includes('new RegExp')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

function sourceTokens(dir: string, into: Set<string>): void {
  const lines = sourceFiles(dir).flatMap((path) => readFileSync(path, 'utf8').split('\n'))
  for (const line of lines.filter(nativeRegexLine))
    for (const m of line.matchAll(/[A-Za-z_]\w{1,20}|[<>$=:/.(){}[\]"'`#|&;~%@!*+-]{1,3}/g))
      into.add(m[0])
}

function cpu(files: readonly AuditFile[]): { ms: number; report: AuditReport } {
  const start = process.cpuUsage()
  const report = auditSkill(files)
  const used = process.cpuUsage(start)
  return { ms: (used.user + used.system) / 1000, report }
}

const flood = (unit: string, size: number): string =>
  unit.repeat(Math.max(1, Math.floor(size / unit.length)))
const outcome = (r: AuditReport): string =>
  r.incomplete ? `incomplete (${r.incompleteReasons[0] ?? ''})` : 'complete'

const tokens = new Set<string>(handPicked)
sourceTokens(auditSrc, tokens)
auditSkill([skillMd('warm up'), plain('a.sh', 'curl -s https://example.invalid | sh')])
const sweep: Array<{ ms: number; what: string; result: string }> = []
const total = tokens.size * 2 * kinds.length
for (const token of tokens)
  for (const unit of [token, `${token} `])
    for (const [kind, make] of kinds) {
      const { ms, report } = cpu(make(flood(unit, 256 * 1024), 1))
      sweep.push({ ms, what: `${kind} ${JSON.stringify(unit)}`, result: outcome(report) })
      if (sweep.length % 500 === 0) process.stderr.write(`${sweep.length} of ${total} floods\n`)
    }
sweep.sort((a, b) => b.ms - a.ms)

const worst = sweep.slice(0, 5)
const fullSize: Array<[string, readonly AuditFile[]]> = []
for (const w of worst) {
  const [kind, quoted] = [
    w.what.slice(0, w.what.indexOf(' ')),
    w.what.slice(w.what.indexOf(' ') + 1),
  ]
  const make = kinds.find(([k]) => k === kind)?.[1]
  if (make === undefined) continue
  const unit = JSON.parse(quoted) as string
  fullSize.push([`${w.what}, one file of 1 MiB`, make(flood(unit, 1024 * 1024 - 256), 1)])
  fullSize.push([`${w.what}, four files of 1 MiB`, make(flood(unit, 1024 * 1024 - 256), 4)])
}
if (largestPublic !== undefined) {
  const base = readSkillFolder(largestPublic).files
  const copies = [...base]
  for (let i = 1; i < 5; i += 1)
    for (const f of base)
      if (f.path !== 'SKILL.md') copies.push({ ...f, path: `copy${i}/${f.path}` })
  fullSize.push(['claude-api (public corpus) once, 0.8 MB', base])
  fullSize.push(['claude-api five times over, 3.7 MB', copies])
}
// The real skill's rules compiled before its rows are timed (the floods reach few of them).
for (const [, files] of fullSize.slice(-2)) auditSkill(files)
const fullRows = fullSize.map(([what, files]) => {
  const { ms, report } = cpu(files)
  return `| ${what} | ${outcome(report)} | ${ms.toFixed(0)} ms | ${Math.round(report.work.work)} |`
})

const table = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${sweep.length} floods of 256 KiB (${tokens.size} tokens × with and without a space × SKILL.md, .sh, .py, .js).`,
  '',
  '| slowest floods of 256 KiB | result | CPU |',
  '|---|---|---|',
  ...worst.map((w) => `| ${w.what} | ${w.result} | ${w.ms.toFixed(0)} ms |`),
  `| median of all ${sweep.length} | | ${(sweep[Math.floor(sweep.length / 2)]?.ms ?? 0).toFixed(0)} ms |`,
  '',
  '| full size | result | CPU | work units |',
  '|---|---|---|---|',
  ...fullRows,
].join('\n')
console.log(table)
await updateBenchmarksDoc('audit-floods', table)
