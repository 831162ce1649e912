import { compareText } from '@skillship/core/plain-data'
import { agentsTable } from '@skillship/installer/agents'
import type { SkillDocument, VersionDocument } from '@skillship/registry-client'
import semver from 'semver'
import type { PageContext } from '../console-context.js'
import { renderFile } from '../highlight-file.js'
import { html, queryString, type SafeHtml, segment } from '../html.js'
import { notice } from '../layout.js'
import { renderMarkdown } from '../render-markdown.js'
import type { PageResult } from './page-result.js'
import { statsSection } from './stats-section.js'

/** Which version and file the skill page shows. */
export interface SkillQuery {
  readonly version: string | undefined
  readonly file: string | undefined
}

export async function skillPage(
  ctx: PageContext,
  name: string,
  query: SkillQuery,
): Promise<PageResult> {
  const answer = await ctx.api.get<SkillDocument>(`/v1/skills/${segment(name)}`)
  const doc = answer.body
  if (doc === undefined) {
    return {
      status: 404,
      title: 'Not found',
      body: html`<h1>Not found</h1>${notice('error', `No skill named “${name}” you may read (${answer.code ?? answer.status}).`)}`,
    }
  }
  const version = query.version ?? doc.distTags['latest'] ?? newest(doc)
  const selected = version === undefined ? undefined : doc.versions[version]
  if (selected === undefined) {
    return {
      status: 404,
      title: name,
      body: html`<h1>${name}</h1>${notice('error', `No version ${version ?? ''}.`)}`,
    }
  }
  const loaded = await ctx.deps.loader.loadVersion(doc.name, selected.version)
  const skillMd = loaded.skill.files.find((f) => f.path === 'SKILL.md')
  const fileLink = (path: string) =>
    `/skills/${segment(doc.name)}${queryString({ version: selected.version, file: path })}#file`
  const cacheKey = `${doc.name}@${selected.version}\0`
  const readme = ctx.deps.renders.get(`${cacheKey}SKILL.md`, () =>
    renderMarkdown(loaded.skill.body, fileLink),
  )
  const shown =
    query.file === undefined ? undefined : loaded.skill.files.find((f) => f.path === query.file)
  const stats = await statsSection(ctx, doc.name)
  const body = html`<h1>${doc.name}${doc.private ? html` <span class="badge">private</span>` : ''}</h1>
<p class="lead">${doc.description}</p>
${versionHeader(selected)}
<div class="columns">
  <article class="readme" aria-labelledby="readme-h"><h2 id="readme-h">SKILL.md</h2>${skillMd === undefined ? notice('info', 'No SKILL.md.') : readme}</article>
  <aside aria-label="Install">${installSection(doc.name, selected.version)}${auditSection(selected)}</aside>
</div>
${versionsSection(doc, selected.version)}
${filesSection(selected, fileLink, query.file, shown === undefined ? undefined : ctx.deps.renders.get(`${cacheKey}file:${shown.path}`, () => renderFile(shown.path, shown.bytes)))}
${stats}`
  return { status: 200, title: doc.name, body }
}

function newest(doc: SkillDocument): string | undefined {
  return Object.keys(doc.versions).sort((a, b) => semver.rcompare(a, b))[0]
}

function versionHeader(v: VersionDocument): SafeHtml {
  return html`<p class="meta">Version <strong>${v.version}</strong> · published ${v.publishedAt.slice(0, 10)} by ${v.publisher} · ${v.files.length} files, ${v.dist.unpackedSize.toLocaleString('en')} bytes</p>
${v.deprecated === undefined ? '' : notice('info', html`<strong>Deprecated:</strong> ${v.deprecated}`)}
${v.yanked ? notice('info', html`<strong>Yanked:</strong> ranges skip this version; exact installs still work.`) : ''}`
}

function installSection(name: string, version: string): SafeHtml {
  const rows = agentsTable.map(
    (agent) =>
      html`<tr><th scope="row">${agent.label}</th><td><code>skillship add ${name}@${version} --agent ${agent.id}</code></td></tr>`,
  )
  return html`<h2 id="install-h">Install</h2>
<table class="install" aria-labelledby="install-h"><thead><tr><th scope="col">Agent</th><th scope="col">Command</th></tr></thead><tbody>${rows}</tbody></table>`
}

function auditSection(v: VersionDocument): SafeHtml {
  if (v.audit === undefined) return html`<h2>Audit</h2>${notice('info', 'Not audited.')}`
  const findings = Object.entries(v.audit.findings).filter(([, n]) => n > 0)
  return html`<h2>Audit</h2>
<p>Verdict: <strong class="verdict ${v.audit.verdict}">${v.audit.verdict}</strong> (rule pack ${v.audit.rulePack}, ${v.audit.auditedAt.slice(0, 10)})${v.audit.incomplete ? ' · incomplete: a budget ran out' : ''}</p>
${findings.length === 0 ? html`<p>No findings.</p>` : html`<ul>${findings.map(([severity, n]) => html`<li>${severity}: ${n}</li>`)}</ul>`}`
}

function versionsSection(doc: SkillDocument, current: string): SafeHtml {
  const tagsOf = new Map<string, string[]>()
  for (const [tag, version] of Object.entries(doc.distTags).sort(([a], [b]) => compareText(a, b))) {
    tagsOf.set(version, [...(tagsOf.get(version) ?? []), tag])
  }
  const rows = Object.values(doc.versions)
    .sort((a, b) => semver.rcompare(a.version, b.version))
    .slice(0, 200)
    .map(
      (v) => html`<tr${v.version === current ? html` aria-current="true"` : ''}>
  <th scope="row"><a href="/skills/${segment(doc.name)}${queryString({ version: v.version })}">${v.version}</a></th>
  <td>${(tagsOf.get(v.version) ?? []).map((tag) => html`<span class="tag">${tag}</span> `)}</td>
  <td>${v.publishedAt.slice(0, 10)}</td>
  <td>${v.yanked ? html`<span class="badge warn">yanked</span> ` : ''}${v.deprecated === undefined ? '' : html`<span class="badge warn" title="${v.deprecated}">deprecated</span>`}</td>
  <td>${v.audit?.verdict ?? '—'}</td>
</tr>`,
    )
  return html`<section aria-labelledby="versions-h"><h2 id="versions-h">Versions</h2>
<div class="scroll"><table><thead><tr><th scope="col">Version</th><th scope="col">Dist-tags</th><th scope="col">Published</th><th scope="col">State</th><th scope="col">Audit</th></tr></thead><tbody>${rows}</tbody></table></div></section>`
}

function filesSection(
  v: VersionDocument,
  fileLink: (path: string) => string,
  current: string | undefined,
  content: SafeHtml | undefined,
): SafeHtml {
  const items = v.files
    .slice(0, 1000)
    .map(
      (f) =>
        html`<li><a href="${fileLink(f.path)}"${f.path === current ? html` aria-current="page"` : ''}>${f.path}</a> <span class="meta">${f.size.toLocaleString('en')} B</span></li>`,
    )
  const viewer =
    current === undefined
      ? notice('info', 'Pick a file to read it.')
      : content === undefined
        ? notice('error', `No file ${current} in this version.`)
        : html`<h3>${current}</h3>${content}`
  return html`<section id="file" aria-labelledby="files-h" tabindex="-1"><h2 id="files-h">Files</h2>
<div class="files"><nav aria-label="Files of ${v.version}"><ul class="file-list">${items}</ul></nav><div class="viewer">${viewer}</div></div></section>`
}
