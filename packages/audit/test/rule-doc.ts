// Renders the rule table of docs/audit.md from the pack; `npx tsx --conditions=skillship-source
// packages/audit/test/rule-doc.ts` rewrites the table, rule-doc.test.ts pins it.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { derivedRules } from '../src/rules/derived-rules.js'
import { rulePack } from '../src/rules/pack.js'

export const docPath = fileURLToPath(new URL('../../../docs/audit.md', import.meta.url))
const begin = '<!-- rules:begin -->'
const end = '<!-- rules:end -->'

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function renderRuleTable(): string {
  const rows = [
    ...rulePack.rules.map((r) => [
      r.id,
      r.category,
      r.severity,
      r.confidence,
      r.title,
      r.surfaces === 'all' ? 'all' : r.surfaces.join(', '),
      r.remediation,
    ]),
    ...derivedRules.map((r) => [
      r.id,
      r.category,
      r.severity,
      r.confidence,
      r.title,
      'derived',
      r.remediation,
    ]),
  ]
  return [
    `Rule pack ${rulePack.version}: ${rulePack.rules.length} pattern rules and ${derivedRules.length} derived rules.`,
    '',
    '| id | category | severity | confidence | what it finds | surfaces | fix |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')
}

export function currentRuleTable(): string {
  const text = readFileSync(docPath, 'utf8')
  return text.slice(text.indexOf(begin) + begin.length, text.indexOf(end)).trim()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(docPath, 'utf8')
  writeFileSync(
    docPath,
    `${text.slice(0, text.indexOf(begin) + begin.length)}\n${renderRuleTable()}\n${text.slice(text.indexOf(end))}`,
  )
}
