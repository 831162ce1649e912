import type { PageContext } from '../console-context.js'
import { html, queryString } from '../html.js'
import { notice } from '../layout.js'
import type { PageResult } from './page-result.js'

/** `GET /v1/activity?before=&limit=` (the activity log's route; absent before it exists). */
interface ActivityPage {
  readonly entries: readonly {
    readonly id: string
    readonly at: string
    readonly actor: string
    readonly action: string
    readonly target: string
    readonly details?: unknown
  }[]
  readonly next: string | null
}

export async function activityPage(ctx: PageContext, before: string): Promise<PageResult> {
  const answer = await ctx.api.get<ActivityPage>(
    `/v1/activity${queryString({ before, limit: '50' })}`,
  )
  const heading = html`<h1>Activity</h1>`
  if (answer.body === undefined || !Array.isArray(answer.body.entries)) {
    const why =
      answer.status === 404
        ? 'This server keeps no activity log yet.'
        : answer.status === 401 || answer.status === 403
          ? html`The activity log needs a token allowed to read it. <a href="/sign-in?next=/activity">Sign in</a>.`
          : `The activity log is unavailable (${answer.code ?? answer.status}).`
    return { status: 200, title: 'Activity', body: html`${heading}${notice('info', why)}` }
  }
  const rows = answer.body.entries.map(
    (entry) =>
      html`<tr><td><time datetime="${entry.at}">${entry.at.replace('T', ' ').slice(0, 19)}</time></td><td>${entry.actor}</td><td>${entry.action}</td><td>${entry.target}</td><td><code>${entry.details === undefined ? '' : JSON.stringify(entry.details).slice(0, 200)}</code></td></tr>`,
  )
  const next = answer.body.next
  return {
    status: 200,
    title: 'Activity',
    body: html`${heading}${rows.length === 0 ? notice('info', 'Nothing happened yet.') : html`<div class="scroll" tabindex="0" role="region" aria-label="Activity entries"><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead><tbody>${rows}</tbody></table></div>`}${next === null ? '' : html`<p><a class="button" rel="next" href="/activity${queryString({ before: next })}">Older</a></p>`}`,
  }
}
