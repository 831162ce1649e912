import { html, type SafeHtml, trusted } from './html.js'

/**
 * A chart as the charts island draws it (console-client/charts.ts): x in days (ISO dates), one
 * or more labelled series, axis labels with units. The same numbers are always in a table next
 * to it, so the chart is never the only way to read them.
 */
export interface ChartSpec {
  readonly title: string
  readonly yLabel: string
  readonly days: readonly string[]
  readonly series: readonly {
    readonly label: string
    readonly values: readonly (number | null)[]
    /** Draw as a band around the previous series (lower/upper of an interval). */
    readonly band?: 'lower' | 'upper'
  }[]
}

/** What a rendered page contains exactly when it has a chart (render-page.ts loads the island). */
export const chartMarker = '<div class="chart-canvas" data-chart="'

/** A figure whose island draws `spec`; JSON in a data attribute (escaped), never inline script. */
export function chartFigure(id: string, spec: ChartSpec): SafeHtml {
  return html`<figure class="chart" aria-labelledby="${id}-cap">
${trusted(chartMarker)}${JSON.stringify(spec)}" role="img" aria-label="${spec.title}: chart; the table below has the same numbers"></div>
<figcaption id="${id}-cap">${spec.title}</figcaption>
</figure>`
}
