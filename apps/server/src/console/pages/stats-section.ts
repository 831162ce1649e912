import { compareText } from '@skillship/core/plain-data'
import { chartFigure } from '../chart-data.js'
import type { PageContext } from '../console-context.js'
import { html, type SafeHtml, segment } from '../html.js'
import { notice } from '../layout.js'

/** `GET /v1/skills/:name/stats?days=N` (the statistics routes; absent before they exist). */
export interface SkillStats {
  readonly name: string
  readonly from: string
  readonly to: string
  readonly series: readonly {
    readonly day: string
    readonly version: string
    readonly loads: number
    readonly hits: number
    readonly loadTimeMs: { readonly p50: number | null; readonly p95: number | null }
  }[]
  readonly phases: Readonly<Record<string, unknown>>
}

const days = 30

/** Loads per day per version, hit ratio and load time; an empty state when the route is absent. */
export async function statsSection(ctx: PageContext, name: string): Promise<SafeHtml> {
  const answer = await ctx.api.get<SkillStats>(`/v1/skills/${segment(name)}/stats?days=${days}`)
  const heading = html`<h2 id="stats-h">Loads, last ${days} days</h2>`
  if (answer.body === undefined || !Array.isArray(answer.body.series)) {
    const why =
      answer.status === 404
        ? 'No load statistics are recorded by this server yet.'
        : `Load statistics are unavailable (${answer.code ?? answer.status}).`
    return html`<section aria-labelledby="stats-h">${heading}${notice('info', why)}</section>`
  }
  const stats = answer.body
  const dayList = [...new Set(stats.series.map((row) => row.day))].sort(compareText)
  const versions = [...new Set(stats.series.map((row) => row.version))]
    .sort(compareText)
    .slice(0, 8)
  const cell = (day: string, version: string) =>
    stats.series.find((row) => row.day === day && row.version === version)
  const chart = chartFigure('loads', {
    title: 'Loads per day by version',
    yLabel: 'loads per day',
    days: dayList,
    series: versions.map((version) => ({
      label: version,
      values: dayList.map((day) => cell(day, version)?.loads ?? 0),
    })),
  })
  const rows = dayList.map((day) => {
    const of = stats.series.filter((row) => row.day === day)
    const loads = of.reduce((sum, row) => sum + row.loads, 0)
    const hits = of.reduce((sum, row) => sum + row.hits, 0)
    const p50 = Math.max(...of.map((row) => row.loadTimeMs.p50 ?? 0))
    const p95 = Math.max(...of.map((row) => row.loadTimeMs.p95 ?? 0))
    return html`<tr><th scope="row">${day}</th><td>${loads}</td><td>${loads === 0 ? '—' : `${Math.round((hits / loads) * 100)} %`}</td><td>${p50.toFixed(1)}</td><td>${p95.toFixed(1)}</td></tr>`
  })
  return html`<section aria-labelledby="stats-h">${heading}
${dayList.length === 0 ? notice('info', 'No loads in this period.') : chart}
<div class="scroll"><table id="stats-table"><caption>Per day (all versions)</caption><thead><tr><th scope="col">Day</th><th scope="col">Loads</th><th scope="col">Cache hits</th><th scope="col">p50 (ms)</th><th scope="col">p95 (ms)</th></tr></thead><tbody>${rows}</tbody></table></div>
${phasesTable(stats.phases)}</section>`
}

function phasesTable(phases: Readonly<Record<string, unknown>>): SafeHtml {
  const rows = Object.entries(phases ?? {}).map(([phase, value]) => {
    const text =
      typeof value === 'number'
        ? `${value.toFixed(2)} ms`
        : value !== null && typeof value === 'object'
          ? Object.entries(value as Record<string, unknown>)
              .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(2) : String(v)} ms`)
              .join(', ')
          : String(value)
    return html`<tr><th scope="row">${phase}</th><td>${text}</td></tr>`
  })
  if (rows.length === 0) return html``
  return html`<table id="phases-table"><caption>Where load time goes, by phase</caption><thead><tr><th scope="col">Phase</th><th scope="col">Time</th></tr></thead><tbody>${rows}</tbody></table>`
}
