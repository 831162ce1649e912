import {
  decodeSkillMd,
  isSkillshipError,
  parseFrontmatterYaml,
  splitFrontmatter,
} from '@skillship/core'
import type { WorkBudget } from '../budget.js'
import type { AuditFile, Finding, Surface } from '../types.js'
import { type BinaryKind, classifyFile, type ManifestKind } from './classify-file.js'
import { splitMarkdown } from './markdown-blocks.js'

/** One piece of text to match, with the surface and language it sits in. */
export interface Segment {
  readonly path: string
  readonly surface: Surface
  /** shell, python, js, powershell, markdown, json, ... or the fence's info string. */
  readonly lang: string
  readonly text: string
  readonly firstLine: number
  readonly manifest?: ManifestKind
  /** How the text was reached when it was decoded from another ("base64", "gzip", "tag"). */
  readonly via?: string
  readonly depth: number
}

export interface SplitSkill {
  readonly segments: Segment[]
  readonly findings: Finding[]
  readonly description: string
  readonly allowedTools: string
  readonly name: string
  readonly skillMd: string
}

const utf8 = new TextDecoder('utf-8')

/** Turns a skill's files into segments; what cannot be read as text becomes a finding. */
export function splitSkill(files: readonly AuditFile[], budget: WorkBudget): SplitSkill {
  const out: SplitSkill = {
    segments: [],
    findings: [],
    description: '',
    allowedTools: '',
    name: '',
    skillMd: '',
  }
  const ordered = [...files].sort((a, b) => a.path.localeCompare(b.path))
  if (ordered.length > budget.limits.maxFiles)
    budget.exhaust(`more than ${budget.limits.maxFiles} files`)
  for (const file of ordered.slice(0, budget.limits.maxFiles)) {
    if (file.bytes.length > budget.limits.maxFileBytes) {
      out.findings.push(
        unanalyzable(
          file.path,
          'medium',
          `is at least ${file.bytes.length} bytes, past the ${budget.limits.maxFileBytes}-byte analysis limit`,
        ),
      )
      budget.exhaust(`${file.path} past the file size limit`)
      continue
    }
    if (!budget.spendBytes(file.bytes.length) || !budget.spendSplit(file.bytes.length)) break
    const before = out.segments.length
    splitFile(file, out)
    // Each segment held costs memory and collection time before it is analysed: a file of many
    // small blocks stops the split here, not after every file has become blocks.
    if (!budget.spendSegments(out.segments.length - before)) break
  }
  return out
}

function splitFile(file: AuditFile, out: SplitSkill): void {
  const isSkillMd = /(^|\/)skill\.md$/i.test(file.path)
  const kind = classifyFile(file.path, file.bytes)
  if (kind.kind === 'binary') {
    out.findings.push(binaryFinding(file.path, kind.what))
    return
  }
  if (isSkillMd && !file.path.includes('/')) {
    splitSkillMd(file, out)
    return
  }
  const text = utf8.decode(file.bytes)
  const base = { path: file.path, firstLine: 1, depth: 0 }
  if (kind.kind === 'markdown' || kind.kind === 'text') {
    for (const part of splitMarkdown(text, 1)) out.segments.push({ ...base, ...part })
  } else if (kind.kind === 'script') {
    out.segments.push({ ...base, surface: 'script', lang: kind.lang, text })
  } else if (kind.kind === 'manifest') {
    out.segments.push({
      ...base,
      surface: 'manifest',
      lang: kind.manifest,
      text,
      manifest: kind.manifest,
    })
  } else {
    out.segments.push({ ...base, surface: 'config', lang: 'config', text })
  }
}

function splitSkillMd(file: AuditFile, out: SplitSkill): void {
  let text: string
  try {
    text = decodeSkillMd(file.bytes).text
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    out.findings.push(unanalyzable(file.path, 'high', 'is not text in any supported encoding'))
    return
  }
  const mut = out as { -readonly [K in keyof SplitSkill]: SplitSkill[K] }
  mut.skillMd = text
  const split = splitFrontmatter(text)
  let body = text
  let bodyLine = 1
  if (split.ok) {
    body = split.split.body
    bodyLine = split.split.bodyStartLine
    out.segments.push({
      path: file.path,
      surface: 'frontmatter',
      lang: 'yaml',
      text: split.split.yaml,
      firstLine: split.split.yamlStartLine,
      depth: 0,
    })
    const parsed = parseFrontmatterYaml(split.split.yaml, split.split.yamlStartLine)
    if (parsed.ok) {
      const data = parsed.frontmatter.data
      mut.description = flatten(data['description'])
      mut.name = flatten(data['name'])
      mut.allowedTools = flatten(data['allowed-tools'] ?? data['allowed_tools'] ?? data['tools'])
    }
  }
  for (const part of splitMarkdown(body, bodyLine))
    out.segments.push({ path: file.path, depth: 0, ...part })
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(flatten).join(', ')
  if (value !== null && typeof value === 'object')
    return Object.values(value).map(flatten).join(', ')
  return ''
}

const binaryText: Readonly<Record<BinaryKind, { severity: Finding['severity']; what: string }>> = {
  image: { severity: 'info', what: 'is an image (not analysed)' },
  executable: { severity: 'high', what: 'is a native executable that cannot be analysed' },
  archive: { severity: 'high', what: 'is a nested archive whose content cannot be analysed' },
  compiled: {
    severity: 'high',
    what: 'is compiled code (bytecode or a native library) that cannot be analysed',
  },
  unknown: { severity: 'low', what: 'is binary data that cannot be analysed' },
}

function binaryFinding(path: string, what: BinaryKind): Finding {
  const entry = binaryText[what]
  return unanalyzable(path, entry.severity, entry.what)
}

function unanalyzable(path: string, severity: Finding['severity'], what: string): Finding {
  return {
    rule: 'SKA-UNA-001',
    category: 'unanalyzable',
    severity,
    confidence: 'high',
    path,
    line: 1,
    message: `${path} ${what}`,
    remediation:
      'Ship source text instead of binaries, archives or oversized files, or allow this file by digest in your policy.',
  }
}
