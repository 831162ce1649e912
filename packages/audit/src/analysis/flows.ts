import type { Capability, Finding } from '../types.js'
import { isDataEgress } from './capabilities.js'
import type { RawFinding } from './raw-finding.js'

export interface SkillFacts {
  readonly description: string
  readonly allowedTools: string
  readonly name: string
  readonly skillMd: string
  /** Paths of script files in the skill. */
  readonly scripts: readonly string[]
  /** All markdown prose and code, for "does the skill mention X". */
  readonly instructions: string
}

const networkWords =
  /\b(?:https?|api|apis|url|urls|web|website|online|internet|remote|server|service|cloud|fetch|download|upload|sync|deploy|publish|post|send|notify|notification|slack|discord|github|gitlab|jira|linear|notion|search|scrape|crawl|query|weather|translate|email|mail|webhook|integration|endpoint|request|rest|graphql|http|registry|npm|pypi|monitor|status|telemetry|analytics|report|share|network|domain|dns|host|hosted|saas|oauth|token|stripe|aws|gcp|azure|s3|vercel|netlify|heroku|openai|llm|model|gpt|claude|browser|page|pages|site|feed|rss|news|stock|price|map|maps|calendar|drive|sheets|docs|youtube|video|image generation)\b/i
const secretWords =
  /\b(?:ssh|key|keys|credential|credentials|secret|secrets|token|tokens|password|passwords|aws|gcloud|azure|kube|kubernetes|docker|npmrc|env|environment|vault|keychain|wallet|config|configuration|dotfiles|backup|migrate|migration|cron|schedule|scheduled|startup|login|hook|hooks|service|daemon|agent|mcp|settings)\b/i
const readOnlyClaim =
  /\b(?:read[- ]only|offline|no network|without network|never (?:modif|writ|change|send|upload|connect)\w*|does(?: not|n't) (?:modify|write|change|send|upload|access the (?:network|internet)|use the network|connect)|only reads|purely local|local[- ]only)\b/i
const unrestrictedShell = /(?:^|[\s,[])(?:bash|shell|\*)(?:\s*\(\s*\*\s*\)|\s*(?:$|[,\]]))/i

type Emit = (f: RawFinding) => void

/** Flows from secret sources to egress sinks, across files when instructions link them. */
export function findFlows(all: readonly Capability[], facts: SkillFacts, emit: Emit): void {
  // Reference documents describe; SKILL.md instructs and scripts act: flows start and end there.
  const caps = all.filter((c) => c.path === 'SKILL.md' || facts.scripts.includes(c.path))
  const sources = caps.filter(
    (c) =>
      (c.kind === 'secret-read' && c.detail !== '.env (project)') ||
      c.kind === 'wallet-read' ||
      (c.kind === 'agent-config' && c.detail !== 'mcp.json'),
  )
  const projectEnv = caps.filter((c) => c.kind === 'secret-read' && c.detail === '.env (project)')
  const sinks = caps.filter(
    (c) => c.kind === 'network-egress' && !/^(?:unknown|localhost|127\.)/.test(c.detail),
  )
  const dataSinks = sinks.filter(isDataEgress)
  const linked = (a: string, b: string): boolean => a === b || mentions(facts, a, b)
  for (const source of sources) {
    const sink =
      dataSinks.find((s) => linked(source.path, s.path)) ??
      sinks.find((s) => s.path === source.path)
    if (sink !== undefined) {
      emit(
        flow(
          'SKA-FLW-001',
          source,
          sink,
          'critical',
          sink.path === source.path ? 'high' : 'medium',
        ),
      )
      return
    }
    const far = dataSinks[0]
    if (far !== undefined) {
      emit(flow('SKA-FLW-001', source, far, 'critical', 'medium'))
      return
    }
  }
  for (const source of projectEnv) {
    const sink = dataSinks.find((s) => s.path === source.path)
    if (sink !== undefined) emit(flow('SKA-FLW-002', source, sink, 'high', 'low'))
  }
}

function mentions(facts: SkillFacts, a: string, b: string): boolean {
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1)
  return (
    facts.instructions.includes(base(a)) ||
    facts.instructions.includes(base(b)) ||
    a.endsWith('.md') ||
    b.endsWith('.md')
  )
}

function flow(
  rule: string,
  source: Capability,
  sink: Capability,
  severity: Finding['severity'],
  confidence: Finding['confidence'],
): RawFinding {
  return {
    rule,
    category: 'exfiltration',
    severity,
    confidence,
    path: source.path,
    line: source.line,
    message: `${source.detail} (${source.path}:${source.line}) flows to network egress ${sink.detail} (${sink.path}:${sink.line})`,
    remediation:
      'A skill must not send secrets or private files off the machine; remove the read or the upload.',
    surface: 'script',
    before: '',
  }
}

/** Capabilities the description and allowed-tools do not admit. */
export function findExcessPermissions(
  caps: readonly Capability[],
  facts: SkillFacts,
  emit: Emit,
): void {
  const admitted = `${facts.description} ${facts.name}`
  const inScripts = caps.filter((c) => facts.scripts.includes(c.path))
  const egress = inScripts.find(
    (c) =>
      c.kind === 'network-egress' &&
      !/^(?:unknown|localhost|127\.)/.test(c.detail) &&
      !facts.skillMd.toLowerCase().includes(c.detail.replace(/ \(sends data\)$/, '')),
  )
  if (egress !== undefined && !networkWords.test(admitted)) {
    emit(
      excess(
        'SKA-PRM-001',
        egress,
        'high',
        'medium',
        `${egress.path} reaches ${egress.detail}, which neither the description nor SKILL.md admit`,
      ),
    )
  }
  const sensitive = inScripts.find(
    (c) =>
      ['secret-read', 'wallet-read', 'agent-config', 'persistence'].includes(c.kind) &&
      c.detail !== '.env (project)',
  )
  if (sensitive !== undefined && !secretWords.test(admitted)) {
    emit(
      excess(
        'SKA-PRM-002',
        sensitive,
        'high',
        'medium',
        `${sensitive.path} touches ${sensitive.detail} (${sensitive.kind}), which the description does not admit`,
      ),
    )
  }
  if (readOnlyClaim.test(facts.description)) {
    const contradiction = caps.find(
      (c) =>
        ['network-egress', 'persistence', 'destructive', 'agent-config', 'install-hook'].includes(
          c.kind,
        ) && facts.scripts.includes(c.path),
    )
    if (contradiction !== undefined) {
      emit(
        excess(
          'SKA-PRM-003',
          contradiction,
          'high',
          'high',
          `the description claims to be read-only or offline, but ${contradiction.path} has ${contradiction.kind} (${contradiction.detail})`,
        ),
      )
    } else if (unrestrictedShell.test(facts.allowedTools)) {
      emit(
        excess(
          'SKA-PRM-004',
          { kind: 'process-exec', path: 'SKILL.md', line: 1, detail: facts.allowedTools },
          'medium',
          'medium',
          `allowed-tools grants unrestricted shell (${facts.allowedTools.slice(0, 60)}) to a skill described as read-only`,
        ),
      )
    }
  }
}

function excess(
  rule: string,
  cap: Capability,
  severity: Finding['severity'],
  confidence: Finding['confidence'],
  message: string,
): RawFinding {
  return {
    rule,
    category: 'excess-permission',
    severity,
    confidence,
    path: cap.path,
    line: cap.line,
    message,
    remediation:
      'Say in the description what the skill reaches and touches, or remove the capability.',
    surface: 'script',
    before: '',
  }
}
