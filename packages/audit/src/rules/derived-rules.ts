import type { Category, Confidence, Severity } from '../types.js'

/** Rules decided by code rather than a pattern (structure, capabilities, flows, escalations). */
export interface DerivedRule {
  readonly id: string
  readonly title: string
  readonly category: Category
  readonly severity: Severity
  readonly confidence: Confidence
  readonly remediation: string
}

const r = (
  id: string,
  title: string,
  category: Category,
  severity: Severity,
  confidence: Confidence,
  remediation: string,
): DerivedRule => ({ id, title, category, severity, confidence, remediation })

export const derivedRules: readonly DerivedRule[] = [
  r(
    'SKA-UNA-001',
    'File that cannot be analysed (binary, nested archive, compiled code, past the size limit, undecodable SKILL.md); images are info',
    'unanalyzable',
    'high',
    'high',
    'Ship source text, or allow the file by digest in your policy.',
  ),
  r(
    'SKA-HID-010',
    'Invisible Unicode tag characters (smuggled ASCII, decoded and scanned)',
    'hidden-text',
    'critical',
    'high',
    'Remove Unicode tag characters.',
  ),
  r(
    'SKA-HID-011',
    'Bidirectional override characters (high in code, medium in prose)',
    'hidden-text',
    'high',
    'high',
    'Remove bidi override and isolate characters.',
  ),
  r(
    'SKA-HID-012',
    'Zero-width characters (high from 8 on)',
    'hidden-text',
    'medium',
    'medium',
    'Remove zero-width characters.',
  ),
  r(
    'SKA-HID-020',
    'A dangerous finding inside text hidden from the reader',
    'hidden-text',
    'critical',
    'high',
    'Remove the hidden instructions.',
  ),
  r(
    'SKA-OBF-010',
    'Image data URI that decodes to text',
    'obfuscation',
    'high',
    'medium',
    'Embed real images only.',
  ),
  r(
    'SKA-OBF-020',
    'A dangerous finding reached only by decoding base64, hex, percent, char codes, gzip or zlib',
    'obfuscation',
    'critical',
    'high',
    'Ship the code in clear text.',
  ),
  r(
    'SKA-INJ-020',
    'Concealment instruction combined with a dangerous action',
    'prompt-injection',
    'critical',
    'high',
    'Remove the concealment and the dangerous action.',
  ),
  r(
    'SKA-DEP-010',
    'npm install-time hook (critical when it downloads, decodes or evaluates)',
    'dependency',
    'medium',
    'medium',
    'Remove install hooks.',
  ),
  r(
    'SKA-DEP-011',
    'Dependency from a URL, git remote, local path or custom index',
    'dependency',
    'high',
    'medium',
    'Depend on a registry release, or vendor the code.',
  ),
  r(
    'SKA-DEP-012',
    'Dependency name one or two edits from a popular package',
    'dependency',
    'high',
    'medium',
    'Check the package name.',
  ),
  r(
    'SKA-FLW-001',
    'Secret, wallet or agent-config source flows to network egress (same file, or files the instructions link)',
    'exfiltration',
    'critical',
    'high',
    'Remove the read or the upload.',
  ),
  r(
    'SKA-FLW-002',
    "The project's own .env read in a file that sends data out",
    'exfiltration',
    'high',
    'low',
    'Send only the values the task needs, by name.',
  ),
  r(
    'SKA-PRM-001',
    'Script egress to a host the description and SKILL.md do not admit',
    'excess-permission',
    'high',
    'medium',
    'Say in the description what the skill reaches.',
  ),
  r(
    'SKA-PRM-002',
    'Script touches secrets, wallets, agent config or persistence the description does not admit',
    'excess-permission',
    'high',
    'medium',
    'Say in the description what the skill touches, or remove it.',
  ),
  r(
    'SKA-PRM-003',
    'Description claims read-only or offline, scripts contradict it',
    'excess-permission',
    'high',
    'high',
    'Make the description true.',
  ),
  r(
    'SKA-PRM-004',
    'Unrestricted shell in allowed-tools for a skill described as read-only',
    'excess-permission',
    'medium',
    'medium',
    'Narrow allowed-tools.',
  ),
]
