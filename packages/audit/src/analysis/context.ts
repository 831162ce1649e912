import type { Category, Finding } from '../types.js'
import type { RawFinding } from './raw-finding.js'

const teachingTopic =
  /\b(?:prompt[- ]injections?|injections?|security|attacks?|attackers?|threats?|malware|phishing|red[- ]team\w*|pentest\w*|vulnerab\w*|exploits?|defen[cs]es?|defend\w*|awareness training)\b/i
// Words that frame quoted text as an example to recognise, not an instruction to follow.
const framing =
  /\b(?:example|examples|e\.g|such as|like|attack|attacks|attacker|malicious|suspicious|payload|pattern|patterns|red flags?|warning signs?|indicators?|look for|watch for|flag|flags|detect|detects|never|don't|do not|avoid|bad|dangerous|phrases?|quoted?|signature|sample|samples|tactic|technique|classic|typical|common)\b/i
const imperative =
  /\b(?:now run|then run|first run|you must|run this|execute this|paste this|always run|next, run|run it|please run)\b/i
const actedOnExample =
  /\b(?:run|execute|paste|try|apply|follow|perform)\b (?:the |this |that |each |every )?(?:above |following |below |quoted |sample )?(?:example|payload|attack|snippet)s?\b(?! (?:is|are|shows?) )/i
const neverDemoted: readonly Category[] = [
  'hidden-text',
  'unanalyzable',
  'dependency',
  'excess-permission',
]
const installerHosts =
  /https?:\/\/(?:sh\.rustup\.rs|astral\.sh|deno\.land|bun\.sh|get\.docker\.com|raw\.githubusercontent\.com\/(?:nvm-sh|homebrew)|install\.python-poetry\.org|get\.pnpm\.io|fnm\.vercel\.app)\b/i

export interface ContextFacts {
  readonly description: string
  readonly name: string
  /** All prose of the skill (acted-on checks). */
  readonly instructions: string
}

/**
 * Context may demote a finding (lower severity and confidence, with the reason said), never drop
 * it. A skill that teaches security may quote attacks in its markdown; a quote is demoted unless
 * the text around it tells the agent to act on it. Scripts, manifests, configs and hidden text
 * are never demoted: code that runs is judged by what it does.
 */
export function applyContext(findings: readonly RawFinding[], facts: ContextFacts): RawFinding[] {
  const teaching = teachingTopic.test(`${facts.name} ${facts.description}`)
  const actedOn = actedOnExample.test(facts.instructions)
  return findings.map((f) => {
    if (f.rule === 'SKA-RCE-001' && installerHosts.test(f.message)) {
      return demote(f, 'a documented installer host (still a download piped into a shell)')
    }
    if (f.category === 'prompt-injection' && f.surface === 'prose' && quotedAsExample(f.before)) {
      return demote(f, 'quoted as language to avoid or recognise')
    }
    if (!teaching || actedOn || neverDemoted.includes(f.category)) return f
    if (f.surface !== 'prose' && f.surface !== 'code') return f
    if (imperative.test(f.before.slice(-80)) && !framing.test(f.before.slice(-80))) return f
    return demote(
      f,
      'quoted in a skill that teaches security, and nothing tells the agent to act on it',
    )
  })
}

// The match opens a quotation that the sentence before frames as an example or as wording to avoid.
function quotedAsExample(before: string): boolean {
  const tail = before.slice(-100)
  return (
    /["“'(`]\s*$/.test(tail) &&
    /\b(?:avoid|don't use|do not use|never use|never write|such as|e\.g|for example|phrases? like|language|wording|examples?)\b/i.test(
      tail,
    )
  )
}

function demote(f: RawFinding, why: string): RawFinding {
  const severity: Finding['severity'] =
    f.severity === 'critical' || f.severity === 'high' ? 'medium' : f.severity
  return { ...f, severity, confidence: 'low', demoted: why }
}

const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const

/**
 * Escalations that make a combination worse than its parts: a dangerous finding in text hidden
 * from the reader, one reached only by decoding a blob, or one the skill tells the agent to conceal.
 */
export function escalate(findings: readonly RawFinding[]): RawFinding[] {
  const out: RawFinding[] = []
  const seen = new Set<string>()
  const add = (f: RawFinding): void => {
    const key = `${f.rule}|${f.path}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(f)
    }
  }
  const live = findings.filter((f) => f.demoted === undefined)
  for (const f of live) {
    if (rank[f.severity] < 2) continue
    if (f.surface === 'hidden' && f.category !== 'hidden-text') {
      add({
        ...f,
        rule: 'SKA-HID-020',
        category: 'hidden-text',
        severity: 'critical',
        confidence: 'high',
        message: `text hidden from the reader carries: ${f.message}`,
        remediation: 'Remove the hidden instructions.',
      })
    }
    if (f.via !== undefined && f.category !== 'obfuscation' && f.via !== 'unicode-tags') {
      add({
        ...f,
        rule: 'SKA-OBF-020',
        category: 'obfuscation',
        severity: 'critical',
        confidence: 'high',
        message: `${f.via}-encoded text carries: ${f.message}`,
        remediation: 'Ship the code in clear text.',
      })
    }
  }
  const concealed = live.find((f) => f.rule === 'SKA-INJ-003')
  const dangerous = live.find(
    (f) => rank[f.severity] >= 3 && f.category !== 'prompt-injection' && f.path === concealed?.path,
  )
  if (concealed !== undefined && dangerous !== undefined) {
    add({
      ...concealed,
      rule: 'SKA-INJ-020',
      severity: 'critical',
      confidence: 'high',
      message: `the skill tells the agent to hide an action, and it has: ${dangerous.message}`,
      remediation: 'Remove the concealment and the dangerous action.',
    })
  }
  return out
}
