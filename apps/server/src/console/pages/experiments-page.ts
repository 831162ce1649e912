import type { ExperimentDocument } from '@skillship/registry-client'
import type { PageContext } from '../console-context.js'
import { html, queryString, segment } from '../html.js'
import { notice } from '../layout.js'
import type { PageResult } from './page-result.js'

/** Experiments of every skill (admin) or of one skill (`?skill=`, a publish scope on it). */
export async function experimentsPage(ctx: PageContext, skill: string): Promise<PageResult> {
  const heading = html`<h1>Experiments</h1>`
  if (ctx.session === undefined) {
    return {
      status: 401,
      title: 'Experiments',
      body: html`${heading}${notice('info', html`<a href="/sign-in?next=/experiments">Sign in</a> with a token that may publish a skill to see its experiments.`)}`,
    }
  }
  const answer = await ctx.api.get<{ experiments: ExperimentDocument[] }>(
    `/v1/experiments${queryString({ skill })}`,
  )
  const filter = html`<form method="get" action="/experiments" class="search"><label for="skill">Skill</label><input id="skill" name="skill" value="${skill}" maxlength="214"><button type="submit">Show</button></form>`
  const create = html`<p><a class="button" href="/experiments/new${queryString({ skill })}">New experiment</a></p>`
  if (answer.body === undefined) {
    const why =
      answer.status === 403
        ? 'Your token may list experiments only per skill it may publish: name the skill.'
        : `Cannot list experiments (${answer.code ?? answer.status}).`
    return {
      status: 200,
      title: 'Experiments',
      body: html`${heading}${filter}${notice('info', why)}${create}`,
    }
  }
  const rows = answer.body.experiments.map(
    (e) =>
      html`<tr><th scope="row"><a href="/experiments/${segment(e.key)}">${e.key}</a></th><td><a href="/skills/${segment(e.skill)}">${e.skill}</a></td><td><span class="status ${e.status}">${e.status}</span></td><td>${e.variants.map((v) => `${v.key}=${v.version}`).join(', ')}</td><td>${e.primaryMetric}</td><td>${e.createdAt.slice(0, 10)}</td></tr>`,
  )
  const table =
    rows.length === 0
      ? notice('info', 'No experiments yet.')
      : html`<div class="scroll"><table><thead><tr><th scope="col">Key</th><th scope="col">Skill</th><th scope="col">Status</th><th scope="col">Arms</th><th scope="col">Primary metric</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table></div>`
  return { status: 200, title: 'Experiments', body: html`${heading}${filter}${create}${table}` }
}

/** The create form; `error` re-renders it after the API refused the request. */
export function newExperimentPage(
  ctx: PageContext,
  values: Readonly<Record<string, string>>,
  error?: string,
): PageResult {
  const field = (name: string, label: string, hint: string, extra = '') =>
    html`<p><label for="${name}">${label}</label><input id="${name}" name="${name}" value="${values[name] ?? ''}" aria-describedby="${name}-hint" ${extra === 'required' ? html`required` : ''}><span class="hint" id="${name}-hint">${hint}</span></p>`
  const body = html`<h1>New experiment</h1>
${error === undefined ? '' : notice('error', error)}
<form method="post" action="/experiments" class="stack">
  <input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
  ${field('key', 'Key', 'lowercase letters, digits and dashes, e.g. review-3', 'required')}
  ${field('skill', 'Skill', 'a skill you may publish', 'required')}
  ${field('control', 'Control version', 'the version most users get now', 'required')}
  ${field('treatment', 'Treatment version', 'the version to compare', 'required')}
  ${field('weight', 'Treatment weight', 'relative to control’s 1 (default 1)')}
  ${field('coverage', 'Coverage', 'share of users in the experiment, 0 to 1 (default 1)')}
  ${field('primaryMetric', 'Primary metric', 'the outcome event metric to decide on, e.g. task_success', 'required')}
  <p><button type="submit">Create draft</button></p>
</form>`
  return { status: error === undefined ? 200 : 400, title: 'New experiment', body }
}

/** The API request the create form stands for (the API validates it). */
export function experimentRequestFrom(
  form: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const number = (value: string | undefined, fallback: number) =>
    value === undefined || value.trim() === '' ? fallback : Number(value)
  return {
    key: form['key'] ?? '',
    skill: form['skill'] ?? '',
    variants: [
      { key: 'control', version: form['control'] ?? '', weight: 1 },
      { key: 'treatment', version: form['treatment'] ?? '', weight: number(form['weight'], 1) },
    ],
    coverage: number(form['coverage'], 1),
    primaryMetric: form['primaryMetric'] ?? '',
  }
}
