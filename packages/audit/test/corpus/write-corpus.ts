// Writes the labelled corpus folders from covers.ts, malicious-payloads.ts (which gathers the
// *-payloads.ts files), benign-cases.ts, js-cases.ts and script-cases.ts:
//   npx tsx packages/audit/test/corpus/write-corpus.ts
// The folders are committed; this script only makes their variety reproducible.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benignCases } from './benign-cases.js'
import { type Cover, covers } from './covers.js'
import { jsBenignCases, jsPayloads } from './js-cases.js'
import { payloads } from './malicious-payloads.js'
import { scriptBenignCases, scriptPayloads } from './script-cases.js'

const here = dirname(fileURLToPath(import.meta.url))

function skillMd(name: string, description: string, body: string, extra = ''): string {
  return `---\nname: ${name}\ndescription: ${JSON.stringify(description)}\n${extra}---\n${body}`
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

for (const label of ['malicious', 'benign'])
  rmSync(join(here, label), { recursive: true, force: true })

const allPayloads = [...payloads, ...jsPayloads, ...scriptPayloads]
allPayloads.forEach((p, i) => {
  const cover = covers[i % covers.length] as Cover
  const dir = join(here, 'malicious', `${p.category}--${p.id}`)
  write(dir, {
    ...cover.files,
    ...p.files,
    'SKILL.md': skillMd(
      cover.name,
      p.description ?? cover.description,
      cover.body + (p.body ?? ''),
      p.frontmatter,
    ),
    'label.json': `${JSON.stringify({ label: 'malicious', category: p.category }, null, 2)}\n`,
  })
})

covers.forEach((cover, i) => {
  write(join(here, 'benign', `plain--${cover.name}`), {
    ...cover.files,
    'SKILL.md': skillMd(cover.name, cover.description, cover.body),
    'label.json': `${JSON.stringify({ label: 'benign', category: 'plain' }, null, 2)}\n`,
  })
  const other = covers[(i + 5) % covers.length] as Cover
  const merged = `${cover.body}\n## Related\n\n${other.body.replace(/^# .*\n/, '')}`
  write(join(here, 'benign', `combined--${cover.name}`), {
    ...cover.files,
    ...other.files,
    'SKILL.md': skillMd(`${cover.name}-plus`, `${cover.description} ${other.description}`, merged),
    'label.json': `${JSON.stringify({ label: 'benign', category: 'plain' }, null, 2)}\n`,
  })
})

for (const c of [...benignCases, ...jsBenignCases, ...scriptBenignCases]) {
  write(join(here, 'benign', `${c.category}--${c.id}`), {
    ...c.files,
    'SKILL.md': skillMd(c.name, c.description, c.body, c.frontmatter),
    'label.json': `${JSON.stringify({ label: 'benign', category: c.category }, null, 2)}\n`,
  })
}
