import { html, type SafeHtml } from './html.js'

/**
 * A chart as the console draws it: x in days (ISO dates), one or more labelled series, an axis
 * label with units. The same numbers are always in a table next to it, so the chart is never the
 * only way to read them.
 */
export interface ChartSpec {
  readonly title: string
  readonly yLabel: string
  readonly days: readonly string[]
  readonly series: readonly {
    readonly label: string
    readonly values: readonly (number | null)[]
    /** A shaded band with dotted edges between the lower and upper series, named by the lower's label. */
    readonly band?: 'lower' | 'upper'
  }[]
}

// The SVG is drawn in this box and scaled to the figure's width by CSS (viewBox), so its height
// is known before any byte of it is laid out: no layout shift, no script, no client library.
const width = 640
const height = 260
const left = 64
const right = 16
const top = 12
const bottom = 44
const plotWidth = width - left - right
const plotHeight = height - top - bottom
/** Every line series has its own dash pattern (and colour class), so it reads without colour. */
const dashes = ['', '8 4', '2 3', '12 4 2 4', '4 4']
const maxSeries = 8

/**
 * A figure with the chart as inline SVG rendered on the server (every label escaped by `html`),
 * a legend as a list (line sample + label), and the title as its caption. `id` names the figure
 * (`<id>-chart`) for links and tests.
 */
export function chartFigure(id: string, spec: ChartSpec): SafeHtml {
  const lines = spec.series.filter((s) => s.band === undefined).slice(0, maxSeries)
  const lower = spec.series.find((s) => s.band === 'lower')
  const upper = spec.series.find((s) => s.band === 'upper')
  const all = [
    ...lines,
    ...(lower === undefined ? [] : [lower]),
    ...(upper === undefined ? [] : [upper]),
  ]
  const scale = yScale(all.flatMap((s) => s.values.filter((v): v is number => v !== null)))
  const x = (index: number) =>
    left + (spec.days.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (spec.days.length - 1))
  const y = (value: number) => top + plotHeight - ((value - scale.min) / scale.span) * plotHeight
  const band =
    lower === undefined || upper === undefined ? '' : bandPath(lower.values, upper.values, x, y)
  const legend = [
    ...lines.map(
      (s, i) =>
        html`<li><svg class="swatch" viewBox="0 0 28 8" stroke="currentColor" aria-hidden="true"><line class="s${i % 5}" x1="0" y1="4" x2="28" y2="4" stroke-dasharray="${dashes[i % dashes.length]}"/></svg>${s.label}</li>`,
    ),
    band === ''
      ? ''
      : html`<li><svg class="swatch" viewBox="0 0 28 8" aria-hidden="true"><rect class="band" x="0" y="0" width="28" height="8" fill="currentColor" fill-opacity="0.15"/></svg>${lower?.label}</li>`,
  ]
  return html`<figure class="chart" id="${id}-chart" aria-labelledby="${id}-cap">
<svg class="chart-svg" viewBox="0 0 ${width} ${height}" fill="none" stroke="currentColor" font-size="12" role="img" aria-label="${spec.title}: chart; the table below has the same numbers">
${band}${axes(spec, scale, x, y)}${lines.map((s, i) => seriesPath(s, i, x, y))}
</svg>
<ul class="legend">${legend}</ul>
<figcaption id="${id}-cap">${spec.title}</figcaption>
</figure>`
}

interface YScale {
  readonly min: number
  readonly span: number
  readonly ticks: readonly number[]
}

/** A y range from the values (0 always in it) with 3-6 ticks on a 1/2/5 step. */
function yScale(values: readonly number[]): YScale {
  let min = Math.min(0, ...values)
  let max = Math.max(0, ...values)
  if (max === min) max = min + 1
  const rough = (max - min) / 4
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude
  min = Math.floor(min / step) * step
  max = Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let tick = min; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(6)))
  return { min, span: max - min, ticks }
}

type Coordinate = (value: number) => number

function axes(spec: ChartSpec, scale: YScale, x: Coordinate, y: Coordinate): SafeHtml {
  const every = Math.max(1, Math.ceil(spec.days.length / 6))
  const xTicks = spec.days.map((day, i) =>
    i % every === 0
      ? html`<text class="tick" x="${x(i).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">${day.slice(5)}</text>`
      : '',
  )
  const yTicks = scale.ticks.map((tick) => ({
    line: html`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/>`,
    text: html`<text class="tick" x="${left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick}</text>`,
  }))
  return html`<g class="grid-lines">${yTicks.map((t) => t.line)}</g><g class="labels" fill="currentColor" stroke="none">${yTicks.map((t) => t.text)}${xTicks}
<text class="label" x="${left + plotWidth / 2}" y="${height - 4}" text-anchor="middle">day (UTC, month-day)</text>
<text class="label" transform="rotate(-90)" x="${-(top + plotHeight / 2)}" y="14" text-anchor="middle">${spec.yLabel}</text></g><line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}"/><line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`
}

function seriesPath(
  series: ChartSpec['series'][number],
  index: number,
  x: Coordinate,
  y: Coordinate,
): SafeHtml {
  // A null value breaks the line: each run of numbers is its own sub-path.
  let d = ''
  let pen = 'M'
  const points: SafeHtml[] = []
  series.values.forEach((value, i) => {
    if (value === null) {
      pen = 'M'
      return
    }
    d += `${pen}${x(i).toFixed(1)} ${y(value).toFixed(1)}`
    pen = 'L'
    points.push(
      html`<circle cx="${x(i).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="currentColor"/>`,
    )
  })
  return html`<g class="series s${index % 5}" data-series="${series.label}"><path d="${d}" stroke-dasharray="${dashes[index % dashes.length]}"/>${points}</g>`
}

function bandPath(
  lower: readonly (number | null)[],
  upper: readonly (number | null)[],
  x: Coordinate,
  y: Coordinate,
): SafeHtml {
  const points = lower.flatMap((low, i) => {
    const high = upper[i]
    return low === null || high === null || high === undefined ? [] : [{ i, low, high }]
  })
  if (points.length === 0) return html``
  // One day: a bar a few units wide, so the interval still shows.
  const spread = points.length === 1 ? [-4, 4] : [0]
  const at = (p: { i: number }, dx: number) => (x(p.i) + dx).toFixed(1)
  const upperEdge = points.flatMap((p) =>
    spread.map((dx) => `${at(p, dx)} ${y(p.high).toFixed(1)}`),
  )
  const lowerEdge = points.flatMap((p) => spread.map((dx) => `${at(p, dx)} ${y(p.low).toFixed(1)}`))
  const area = `M${[...upperEdge, ...[...lowerEdge].reverse()].join('L')}Z`
  return html`<g class="band-group" data-series="interval"><path class="band" d="${area}" fill="currentColor" fill-opacity="0.15" stroke="none"/><path class="band-edge" d="M${upperEdge.join('L')}" stroke-dasharray="2 3"/><path class="band-edge" d="M${lowerEdge.join('L')}" stroke-dasharray="2 3"/></g>`
}
