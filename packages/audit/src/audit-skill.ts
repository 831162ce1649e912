import { extractCapabilities } from './analysis/capabilities.js'
import { applyContext, escalate } from './analysis/context.js'
import { auditDependencies } from './analysis/dependencies.js'
import { findExcessPermissions, findFlows, type SkillFacts } from './analysis/flows.js'
import { foldedSinks, isJsLang } from './analysis/js-program.js'
import { pythonSinks } from './analysis/py-program.js'
import { publicFinding, type RawFinding } from './analysis/raw-finding.js'
import { shellSinks } from './analysis/sh-program.js'
import { type AuditLimits, WorkBudget } from './budget.js'
import { decodeBlobs } from './normalize/decode-blobs.js'
import {
  buildTextView,
  resolveShellVariables,
  type TextView,
  unsplice,
} from './normalize/text-view.js'
import { rulePack } from './rules/pack.js'
import type { Rule } from './rules/rule.js'
import { compileRules, runRules } from './rules/run-rules.js'
import { type Segment, splitSkill } from './surfaces/split-skill.js'
import type { AuditFile, AuditReport, Capability, Finding } from './types.js'

export interface AuditOptions {
  readonly skill?: string
  readonly limits?: Partial<AuditLimits>
  readonly pack?: { readonly version: string; readonly rules: readonly Rule[] }
}

interface AuditState {
  readonly budget: WorkBudget
  readonly findings: RawFinding[]
  readonly caps: Capability[]
  readonly queue: Segment[]
}

/**
 * Audits one skill given as files. Pure and deterministic: the same files and limits give the
 * same report on every machine. A pass means no known pattern was found, not that the skill is safe.
 */
export function auditSkill(files: readonly AuditFile[], options: AuditOptions = {}): AuditReport {
  const pack = options.pack ?? rulePack
  const rules = compileRules(pack.rules)
  const budget = new WorkBudget(options.limits)
  const split = splitSkill(files, budget)
  const state: AuditState = {
    budget,
    findings: split.findings.map((f) => ({ ...f, surface: 'script', before: '' })),
    caps: [],
    queue: [...split.segments],
  }
  // An index, not `shift()`: the queue grows while it is read, and shifting a long array each
  // step is quadratic on a skill of many small blocks.
  for (let next = 0; next < state.queue.length; next += 1) {
    const seg = state.queue[next] as Segment
    if (!budget.spendNodes(1) || !budget.spendSegment(seg.text.length)) break
    auditSegment(seg, state, rules)
  }
  const facts: SkillFacts = {
    description: split.description,
    allowedTools: split.allowedTools,
    name: split.name,
    skillMd: split.skillMd,
    scripts: split.segments
      .filter((s) => s.surface === 'script' || s.surface === 'manifest')
      .map((s) => s.path),
    instructions: split.segments
      .filter((s) => s.surface === 'prose' || s.surface === 'code')
      .map((s) => s.text)
      .join('\n')
      .slice(0, 200_000),
  }
  const emit = (f: RawFinding): void => {
    state.findings.push(f)
  }
  findFlows(state.caps, facts, emit)
  findExcessPermissions(state.caps, facts, emit)
  const judged = applyContext(state.findings, facts)
  const all = [...judged, ...escalate(judged)]
  return {
    skill: options.skill ?? (split.name || 'skill'),
    rulePackVersion: pack.version,
    findings: dedupe(all.map(publicFinding)),
    capabilities: dedupeCaps(state.caps),
    incomplete: budget.incomplete,
    incompleteReasons: [...budget.reasons],
    work: { ...budget.counters },
  }
}

function auditSegment(
  seg: Segment,
  state: AuditState,
  rules: ReturnType<typeof compileRules>,
): void {
  const shellish = seg.surface !== 'script' || seg.lang === 'shell' || seg.lang === 'powershell'
  const prepared = unsplice(seg.text)
  const view = buildTextView(shellish ? resolveShellVariables(prepared) : prepared, seg.firstLine)
  reportInvisible(seg, view, state)
  for (const hit of runRules(rules, view, seg.surface, state.budget)) {
    const { rule } = hit
    state.findings.push({
      rule: rule.id,
      category: rule.category,
      severity: rule.severity,
      confidence: rule.confidence,
      path: seg.path,
      line: view.lineAt(hit.offset),
      message: `${rule.title}: \`${hit.text.slice(0, 100)}\``,
      remediation: rule.remediation,
      ...(seg.via === undefined ? {} : { via: seg.via }),
      surface: seg.surface,
      before: view.text.slice(Math.max(0, hit.offset - 160), hit.offset),
    })
  }
  const acts =
    seg.surface === 'script' ||
    seg.surface === 'code' ||
    seg.surface === 'manifest' ||
    seg.surface === 'config'
  state.caps.push(
    ...extractCapabilities(view, seg.path, acts, (reason) => state.budget.exhaust(reason)),
  )
  auditDependencies(
    seg,
    state.budget,
    (f) => state.findings.push({ ...f, category: 'dependency', surface: seg.surface, before: '' }),
    state.caps,
  )
  queueDecoded(seg, state)
  if (isJsLang(seg.lang) && seg.surface !== 'prose') queueFolded(seg, state)
  else if (seg.surface === 'script' || seg.surface === 'code') queueParsed(seg, state)
}

const pythonLangs = new Set(['python', 'py', 'python3'])
const shellLangs = new Set(['shell', 'sh', 'bash', 'zsh', 'console'])

/**
 * Python and shell through their parsers: each line they render differently from the text as
 * written (variables substituted, words joined, constants folded) is audited as script text like
 * any other line, without the "encoded" escalation: a variable is ordinary scripting, and what it
 * hides is judged by the rules on the rendering. An `exec` of a folded string is parsed again.
 */
function queueParsed(seg: Segment, state: AuditState): void {
  const lang = seg.lang.toLowerCase()
  const python = pythonLangs.has(lang)
  if (!python && !shellLangs.has(lang)) return
  if (seg.depth >= state.budget.limits.maxDecodeDepth) return
  const sinks = python ? pythonSinks(seg.text, state.budget) : shellSinks(seg.text, state.budget)
  for (const sink of sinks) {
    if (!state.budget.spendBytes(sink.text.length)) return
    state.queue.push({
      path: seg.path,
      surface: seg.surface,
      lang: sink.lang,
      text: sink.text,
      firstLine: seg.firstLine + sink.line - 1,
      depth: seg.depth + 1,
    })
  }
}

/** What a JavaScript/TypeScript program computes at its capability calls, audited as text. */
function queueFolded(seg: Segment, state: AuditState): void {
  const sinks = foldedSinks(seg.text, state.budget)
  if (sinks.length === 0) return
  if (seg.depth >= state.budget.limits.maxDecodeDepth) {
    state.budget.exhaust(`decode depth (${state.budget.limits.maxDecodeDepth}) reached`)
    return
  }
  for (const sink of sinks) {
    if (!state.budget.spendBytes(sink.text.length)) return
    state.queue.push({
      path: seg.path,
      surface: seg.surface === 'code' ? 'code' : 'script',
      lang: sink.lang,
      text: sink.text,
      firstLine: seg.firstLine + sink.line - 1,
      via: 'javascript constant folding',
      depth: seg.depth + 1,
    })
  }
}

function queueDecoded(seg: Segment, state: AuditState): void {
  const blobs = decodeBlobs(seg.text, state.budget)
  if (blobs.length === 0) return
  if (seg.depth >= state.budget.limits.maxDecodeDepth) {
    state.budget.exhaust(`decode depth (${state.budget.limits.maxDecodeDepth}) reached`)
    return
  }
  for (const blob of blobs) {
    const line = seg.firstLine + countLines(seg.text, blob.offset)
    if (blob.image) {
      state.findings.push({
        rule: 'SKA-OBF-010',
        category: 'obfuscation',
        severity: 'high',
        confidence: 'medium',
        path: seg.path,
        line,
        message: 'an image data URI decodes to text, not an image',
        remediation: 'Embed real images only.',
        surface: seg.surface,
        before: '',
      })
    }
    if (!state.budget.spendBytes(blob.text.length)) return
    state.queue.push({
      path: seg.path,
      surface: seg.surface === 'prose' ? 'code' : seg.surface,
      lang: seg.lang,
      text: blob.text,
      firstLine: line,
      via: blob.encoding,
      depth: seg.depth + 1,
    })
  }
}

type InvisibleCounts = Record<TextView['invisible'][number]['kind'], number>

/** How many invisible characters of each kind the view held, and the line of each kind's first. */
function countInvisible(view: TextView): { counts: InvisibleCounts; first: InvisibleCounts } {
  const counts = { tag: 0, bidi: 0, 'zero-width': 0 }
  let first = { tag: 0, bidi: 0, 'zero-width': 0 }
  for (const mark of view.invisible) {
    if (counts[mark.kind] === 0) first = { ...first, [mark.kind]: mark.line }
    counts[mark.kind] += 1
  }
  return { counts, first }
}

function reportInvisible(seg: Segment, view: TextView, state: AuditState): void {
  const { counts, first } = countInvisible(view)
  const base = {
    category: 'hidden-text' as const,
    path: seg.path,
    surface: seg.surface,
    before: '',
  }
  if (counts.tag > 0) reportTags(seg, view, state, counts.tag, first.tag)
  if (counts.bidi > 0) {
    const inCode = seg.surface !== 'prose' && seg.surface !== 'frontmatter'
    state.findings.push({
      ...base,
      rule: 'SKA-HID-011',
      severity: inCode ? 'high' : 'medium',
      confidence: inCode ? 'high' : 'medium',
      line: first.bidi,
      message: `${counts.bidi} bidirectional override characters (text may read differently than it runs)`,
      remediation: 'Remove bidi override and isolate characters.',
    })
  }
  if (counts['zero-width'] > 0) {
    state.findings.push({
      ...base,
      rule: 'SKA-HID-012',
      severity: counts['zero-width'] >= 8 ? 'high' : 'medium',
      confidence: 'medium',
      line: first['zero-width'],
      message: `${counts['zero-width']} zero-width characters`,
      remediation: 'Remove zero-width characters; they can split words to dodge review.',
    })
  }
}

/** Unicode tag characters: a finding, and the text they spell audited as a hidden segment. */
function reportTags(
  seg: Segment,
  view: TextView,
  state: AuditState,
  count: number,
  line: number,
): void {
  state.findings.push({
    category: 'hidden-text',
    path: seg.path,
    surface: seg.surface,
    before: '',
    rule: 'SKA-HID-010',
    severity: 'critical',
    confidence: 'high',
    line,
    message: `${count} invisible Unicode tag characters${view.tagText ? ` spelling "${view.tagText.slice(0, 80)}"` : ''}`,
    remediation: 'Remove Unicode tag characters; they hide text from readers.',
  })
  if (view.tagText.trim() !== '')
    state.queue.push({
      path: seg.path,
      surface: 'hidden',
      lang: 'text',
      text: view.tagText,
      firstLine: line,
      via: 'unicode-tags',
      depth: seg.depth + 1,
    })
}

function countLines(text: string, offset: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n += 1
  return n
}

const severityRank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  const out: Finding[] = []
  for (const f of findings) {
    const key = `${f.rule}|${f.path}|${f.line}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(f)
  }
  return out.sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.line - b.line ||
      severityRank[a.severity] - severityRank[b.severity] ||
      a.rule.localeCompare(b.rule),
  )
}

function dedupeCaps(caps: readonly Capability[]): Capability[] {
  const seen = new Set<string>()
  return caps.filter((c) => {
    const key = `${c.kind}|${c.path}|${c.detail}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
