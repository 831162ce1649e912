import type { SearchResponse, SkillDocument, SkillSummary } from '@skillship/registry-client'
import type { PageContext } from '../console-context.js'
import { html, queryString, SafeHtml, segment } from '../html.js'
import { unavailable } from '../internal-api.js'
import { notice } from '../layout.js'

/** Catalog filters as the query string carries them. */
export interface CatalogQuery {
  readonly q: string
  readonly cursor: string | undefined
  readonly tag: string
  /** '' all, 'hide' without deprecated latest versions, 'only' just those. */
  readonly deprecated: '' | 'hide' | 'only'
  /** The latest version's registry audit verdict; 'none' = not audited. '' any. */
  readonly verdict: '' | AuditVerdict | 'none'
  /** '' any, 'yes' latest version carries a publisher signature whose key is not revoked, 'no' otherwise. */
  readonly signed: '' | 'yes' | 'no'
}

type AuditVerdict = 'pass' | 'warn' | 'block'
const verdicts = ['pass', 'warn', 'block', 'none'] as const

const pageSize = 20
// With a filter on, at most this many search pages of 50 are scanned per console page, so a rare
// tag costs a bounded number of queries; the "next" link continues where the scan stopped.
const maxScannedPages = 5

export function readCatalogQuery(url: URL): CatalogQuery {
  const deprecated = url.searchParams.get('deprecated')
  return {
    q: (url.searchParams.get('q') ?? '').slice(0, 200),
    cursor: url.searchParams.get('cursor') ?? undefined,
    tag: (url.searchParams.get('tag') ?? '').trim().toLowerCase().slice(0, 100),
    deprecated: deprecated === 'hide' || deprecated === 'only' ? deprecated : '',
    verdict: oneOf(url.searchParams.get('verdict'), verdicts),
    signed: oneOf(url.searchParams.get('signed'), ['yes', 'no'] as const),
  }
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return allowed.find((candidate) => candidate === value) ?? ''
}

interface Row {
  readonly summary: SkillSummary
  readonly tags: readonly string[]
  readonly deprecated: boolean
  readonly verdict: AuditVerdict | 'none'
  readonly signed: boolean
}

/** The result list (and its paging), also served alone as the search-as-you-type fragment. */
export async function catalogResults(ctx: PageContext, query: CatalogQuery): Promise<SafeHtml> {
  const filtered = isFiltered(query)
  const rows: Row[] = []
  let cursor = query.cursor
  for (let scanned = 0; scanned < (filtered ? maxScannedPages : 1); scanned++) {
    const found = await search(ctx, query.q, cursor, filtered ? 50 : pageSize)
    if (found instanceof SafeHtml) return found
    const page = filtered ? await describe(ctx, found.items) : found.items.map(plain)
    rows.push(...page.filter((row) => matches(row, query)))
    cursor = found.nextCursor ?? undefined
    if (cursor === undefined || rows.length >= pageSize) break
  }
  return renderResults(rows, query, cursor)
}

/** One page of `GET /v1/skills`; busy search slots throw (a 503 page), other failures a notice. */
async function search(
  ctx: PageContext,
  q: string,
  cursor: string | undefined,
  limit: number,
): Promise<SearchResponse | SafeHtml> {
  const answer = await ctx.api.get<SearchResponse>(
    `/v1/skills${queryString({ q, cursor, limit: String(limit) })}`,
  )
  const busy = unavailable(answer)
  if (busy !== undefined) throw busy
  return answer.body ?? notice('error', `Search failed (${answer.code ?? answer.status}).`)
}

function isFiltered(query: CatalogQuery): boolean {
  return query.tag !== '' || query.deprecated !== '' || query.verdict !== '' || query.signed !== ''
}

function plain(summary: SkillSummary): Row {
  return { summary, tags: [], deprecated: false, verdict: 'none', signed: false }
}

// Filters need each skill's latest version: one POST /v1/documents for the whole page.
async function describe(ctx: PageContext, items: readonly SkillSummary[]): Promise<Row[]> {
  if (items.length === 0) return []
  const answer = await ctx.api.send<{ documents: Record<string, SkillDocument | null> }>(
    'POST',
    '/v1/documents',
    { names: items.map((item) => item.name) },
  )
  return items.map((summary) => {
    const document = answer.body?.documents[summary.name] ?? undefined
    const latest = summary.latest === null ? undefined : document?.versions[summary.latest]
    return {
      summary,
      tags: latest === undefined ? [] : tagsOf(latest.frontmatter),
      deprecated: latest?.deprecated !== undefined,
      verdict: latest?.audit?.verdict ?? 'none',
      signed: latest?.signatures?.publisher !== undefined && !latest.signatures.publisher.revoked,
    }
  })
}

/** Tags from the frontmatter: `metadata.tags` (comma-separated, as every value is a string) or `tags`. */
export function tagsOf(frontmatter: Readonly<Record<string, unknown>>): string[] {
  const metadata = frontmatter['metadata']
  const raw =
    (metadata !== null && typeof metadata === 'object'
      ? (metadata as Record<string, unknown>)['tags']
      : undefined) ?? frontmatter['tags']
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : []
  return list
    .filter((tag): tag is string => typeof tag === 'string')
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '')
    .slice(0, 20)
}

function matches(row: Row, query: CatalogQuery): boolean {
  if (query.tag !== '' && !row.tags.includes(query.tag)) return false
  if (query.deprecated === 'hide' && row.deprecated) return false
  if (query.deprecated === 'only' && !row.deprecated) return false
  if (query.verdict !== '' && row.verdict !== query.verdict) return false
  if (query.signed !== '' && row.signed !== (query.signed === 'yes')) return false
  return true
}

function renderResults(
  rows: readonly Row[],
  query: CatalogQuery,
  next: string | undefined,
): SafeHtml {
  const items = rows.map(
    ({ summary, tags, deprecated, verdict, signed }) => html`<li class="card">
  <h3><a href="/skills/${segment(summary.name)}">${summary.name}</a></h3>
  <p>${summary.description}</p>
  <p class="meta">${summary.latest === null ? 'no latest version' : `latest ${summary.latest}`}${summary.private ? html` · <span class="badge">private</span>` : ''}${deprecated ? html` · <span class="badge warn">deprecated</span>` : ''}${verdict === 'none' ? '' : html` · audit ${verdict}`}${signed ? html` · <span class="badge">signed</span>` : ''}${tags.map((tag) => html` <span class="tag">#${tag}</span>`)}</p>
</li>`,
  )
  const more =
    next === undefined
      ? ''
      : html`<p><a class="button" rel="next" href="/${queryString({ ...query, cursor: next })}">Next page</a></p>`
  const status = rows.length === 0 ? 'No skills match.' : `${rows.length} skills on this page.`
  return html`<p class="visually-hidden" role="status" aria-live="polite">${status}</p>
${rows.length === 0 ? notice('info', 'No skills match.') : html`<ul class="cards">${items}</ul>`}${more}`
}

/** The catalog: search box (enhanced into search as you type), filters, results. */
export async function catalogPage(ctx: PageContext, query: CatalogQuery): Promise<SafeHtml> {
  const results = await catalogResults(ctx, query)
  const select = (name: 'deprecated' | 'verdict' | 'signed', label: string, options: string[][]) =>
    html`<label for="${name}">${label}</label><select id="${name}" name="${name}">${options.map(([value, text]) => html`<option value="${value}"${query[name] === value ? html` selected` : ''}>${text}</option>`)}</select>`
  return html`<h1>Skills</h1>
<form class="search" method="get" action="/" role="search" data-search-form>
  <label for="q">Search skills</label>
  <input id="q" name="q" type="search" value="${query.q}" autocomplete="off" maxlength="200" placeholder="name or description">
  <label for="tag">Tag</label>
  <input id="tag" name="tag" type="text" value="${query.tag}" maxlength="100" placeholder="any">
  ${select('deprecated', 'Deprecated', [
    ['', 'shown'],
    ['hide', 'hidden'],
    ['only', 'only'],
  ])}
  ${select('verdict', 'Audit', [
    ['', 'any'],
    ['pass', 'pass'],
    ['warn', 'warn'],
    ['block', 'block'],
    ['none', 'not audited'],
  ])}
  ${select('signed', 'Signed', [
    ['', 'any'],
    ['yes', 'signed'],
    ['no', 'unsigned'],
  ])}
  <button type="submit">Search</button>
</form>
<section id="results" aria-label="Results">${results}</section>`
}
