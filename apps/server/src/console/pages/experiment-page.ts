import type { ExperimentDocument, ExperimentReport } from '@skillship/registry-client'
import { chartFigure } from '../chart-data.js'
import type { PageContext } from '../console-context.js'
import { html, type SafeHtml, segment } from '../html.js'
import { notice } from '../layout.js'
import type { PageResult } from './page-result.js'

/** `GET /v1/experiments/:id/history` (absent before the statistics routes exist). */
interface ExperimentHistory {
  readonly points: readonly {
    readonly day: string
    readonly arms: readonly {
      readonly key: string
      readonly version: string
      readonly users: number
    }[]
    readonly lift?: { readonly estimate: number; readonly lower: number; readonly upper: number }
  }[]
}

const pct = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${(value * 100).toFixed(digits)} %`
const num = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toPrecision(4)

export async function experimentPage(ctx: PageContext, key: string): Promise<PageResult> {
  if (ctx.session === undefined) {
    return {
      status: 401,
      title: key,
      body: html`<h1>${key}</h1>${notice('info', html`<a href="/sign-in?next=/experiments/${segment(key)}">Sign in</a> to see this experiment.`)}`,
    }
  }
  const answer = await ctx.api.get<ExperimentReport>(`/v1/experiments/${segment(key)}/report`)
  if (answer.body === undefined) {
    const status = answer.status === 403 ? 403 : 404
    return {
      status,
      title: key,
      body: html`<h1>${key}</h1>${notice('error', `This experiment cannot be shown (${answer.code ?? answer.status}).`)}`,
    }
  }
  const report = answer.body
  const e = report.experiment
  const body = html`<h1>Experiment ${e.key}</h1>
<p class="meta">Skill <a href="/skills/${segment(e.skill)}">${e.skill}</a> · <span class="status ${e.status}">${e.status}</span> · coverage ${pct(e.coverage, 0)} · primary metric <code>${e.primaryMetric}</code></p>
${actions(ctx, e)}
${armsTable(report)}
${comparisons(report)}
${await historySection(ctx, e.key)}
${guardrails(report)}
${decisionLog(e)}`
  return { status: 200, title: `Experiment ${e.key}`, body }
}

function actions(ctx: PageContext, e: ExperimentDocument): SafeHtml {
  const button = (action: string, label: string, variant?: string) =>
    html`<form method="post" action="/experiments/${segment(e.key)}/${action}" class="inline"><input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">${variant === undefined ? '' : html`<input type="hidden" name="variant" value="${variant}">`}<button type="submit" data-action="${action}">${label}</button></form>`
  // "Promote winner" asks the server to pick the significantly best arm (refused without one);
  // the per-arm buttons promote that arm whatever the numbers say.
  const promoteArms = e.variants
    .filter((v) => v.key !== 'control')
    .map((v) => button('promote', `Promote ${v.key} (${v.version})`, v.key))
  const available =
    e.status === 'draft'
      ? [button('start', 'Start')]
      : e.status === 'running'
        ? [
            button('promote', 'Promote winner'),
            ...promoteArms,
            button('stop', 'Stop'),
            button('rollback', 'Roll back'),
          ]
        : []
  return available.length === 0
    ? html``
    : html`<div class="actions" role="group" aria-label="Experiment actions">${available}</div>`
}

function armsTable(report: ExperimentReport): SafeHtml {
  const metric = report.experiment.primaryMetric
  const rows = report.arms.map((arm) => {
    const weight = report.experiment.variants.find((v) => v.key === arm.variant)?.weight
    const stats = arm.metrics[metric]
    const n = stats?.n ?? 0
    const mean = n > 0 && stats ? stats.sum / n : null
    const variance =
      n > 1 && stats && mean !== null
        ? Math.max(0, (stats.sumSquares - n * mean * mean) / (n - 1))
        : null
    const half = variance === null ? null : 1.96 * Math.sqrt(variance / n)
    const interval =
      mean === null || half === null ? '—' : `${num(mean - half)} to ${num(mean + half)}`
    return html`<tr><th scope="row">${arm.variant}</th><td>${arm.version}</td><td>${weight ?? '—'}</td><td>${arm.users}</td><td>${n}</td><td data-metric-mean="${arm.variant}">${num(mean)}</td><td>${interval}</td></tr>`
  })
  return html`<section aria-labelledby="arms-h"><h2 id="arms-h">Arms</h2><div class="scroll"><table><thead><tr><th scope="col">Arm</th><th scope="col">Version</th><th scope="col">Weight</th><th scope="col">Users</th><th scope="col">Events</th><th scope="col">Mean ${metric}</th><th scope="col">95% interval</th></tr></thead><tbody>${rows}</tbody></table></div>
<p>Sample ratio: ${report.srmPValue === null ? 'too few users to check' : report.srmPValue < 0.001 ? html`<strong>mismatch</strong> (p = ${num(report.srmPValue)}): the split is not what the weights say; do not trust the result` : `ok (p = ${num(report.srmPValue)})`}</p></section>`
}

function comparisons(report: ExperimentReport): SafeHtml {
  const rows = report.primary.map(
    (c) =>
      html`<tr><th scope="row">${c.variant} vs control</th><td data-lift="${c.variant}">${pct(c.lift)}</td><td>${c.liftInterval === null ? '—' : `${pct(c.liftInterval[0])} to ${pct(c.liftInterval[1])}`}</td><td>${pct(c.chanceToWin, 0)}</td><td>${num(c.pValue)}</td></tr>`,
  )
  return html`<section aria-labelledby="lift-h"><h2 id="lift-h">Primary metric: lift</h2>${rows.length === 0 ? notice('info', 'No comparison yet.') : html`<div class="scroll"><table><thead><tr><th scope="col">Comparison</th><th scope="col">Lift</th><th scope="col">Always-valid 95% interval</th><th scope="col">Chance to win</th><th scope="col">p-value</th></tr></thead><tbody>${rows}</tbody></table></div>`}</section>`
}

async function historySection(ctx: PageContext, key: string): Promise<SafeHtml> {
  const answer = await ctx.api.get<ExperimentHistory>(`/v1/experiments/${segment(key)}/history`)
  const heading = html`<h2 id="history-h">Lift over time</h2>`
  if (answer.body === undefined || !Array.isArray(answer.body.points)) {
    const why =
      answer.status === 404
        ? 'No daily history is recorded by this server yet.'
        : `History unavailable (${answer.code ?? answer.status}).`
    return html`<section aria-labelledby="history-h">${heading}${notice('info', why)}</section>`
  }
  const points = answer.body.points.filter((p) => p.lift !== undefined)
  const days = points.map((p) => p.day)
  const chart = chartFigure('lift', {
    title: 'Relative lift of the primary metric with its always-valid 95% interval (percent)',
    yLabel: 'lift (%)',
    days,
    series: [
      { label: 'lift estimate', values: points.map((p) => (p.lift?.estimate ?? 0) * 100) },
      {
        label: 'always-valid 95% interval',
        values: points.map((p) => (p.lift?.lower ?? 0) * 100),
        band: 'lower',
      },
      {
        label: 'upper bound',
        values: points.map((p) => (p.lift?.upper ?? 0) * 100),
        band: 'upper',
      },
    ],
  })
  const rows = points.map(
    (p) =>
      html`<tr><th scope="row">${p.day}</th><td>${pct(p.lift?.estimate)}</td><td>${pct(p.lift?.lower)} to ${pct(p.lift?.upper)}</td></tr>`,
  )
  return html`<section aria-labelledby="history-h">${heading}${points.length === 0 ? notice('info', 'No daily points yet.') : html`${chart}<div class="scroll"><table><caption>Daily lift</caption><thead><tr><th scope="col">Day</th><th scope="col">Lift</th><th scope="col">95% interval</th></tr></thead><tbody>${rows}</tbody></table></div>`}</section>`
}

function guardrails(report: ExperimentReport): SafeHtml {
  const rows = report.guardrails.map(
    (g) =>
      html`<tr><th scope="row">${g.metric}</th><td>${g.variant}</td><td><span class="state ${g.state}">${g.state}</span></td></tr>`,
  )
  return html`<section aria-labelledby="guard-h"><h2 id="guard-h">Guardrails</h2>${rows.length === 0 ? notice('info', 'No guardrail data yet.') : html`<table><thead><tr><th scope="col">Metric</th><th scope="col">Arm</th><th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table>`}</section>`
}

function decisionLog(e: ExperimentDocument): SafeHtml {
  const entries = [
    html`<li><time datetime="${e.createdAt}">${e.createdAt}</time> created</li>`,
    e.startedAt === null
      ? ''
      : html`<li><time datetime="${e.startedAt}">${e.startedAt}</time> started</li>`,
    e.decision === null
      ? ''
      : html`<li><time datetime="${e.decision.at}">${e.decision.at}</time> ${e.decision.action} by ${e.decision.by}: ${e.decision.reason}</li>`,
  ]
  return html`<section aria-labelledby="log-h"><h2 id="log-h">Decision log</h2><ol class="log">${entries}</ol></section>`
}
