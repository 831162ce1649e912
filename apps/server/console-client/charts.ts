// Draws every `[data-chart]` figure with uPlot. Each series gets its own dash pattern and a
// legend label, axes carry labels with units, so the chart reads without colour; the same numbers
// are in a table beside it for screen readers and no-script readers.
import uPlot from 'uplot'

interface ChartSpec {
  readonly title: string
  readonly yLabel: string
  readonly days: readonly string[]
  readonly series: readonly {
    readonly label: string
    readonly values: readonly (number | null)[]
    readonly band?: 'lower' | 'upper'
  }[]
}

const dashes: readonly number[][] = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4]]
const strokes = ['#1f6fd1', '#c2410c', '#15803d', '#7e22ce', '#a16207']

function draw(container: HTMLElement): void {
  const spec = JSON.parse(container.dataset['chart'] ?? 'null') as ChartSpec | null
  if (spec === null || spec.days.length === 0) return
  const x = spec.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000)
  const dark = matchMedia('(prefers-color-scheme: dark)').matches
  const axisColor = dark ? '#e8e8e8' : '#1a1a1a'
  const gridColor = dark ? '#444a50' : '#d0d0d0'
  const axis = { stroke: axisColor, grid: { stroke: gridColor }, ticks: { stroke: gridColor } }
  const options: uPlot.Options = {
    title: spec.title,
    width: Math.max(280, container.clientWidth),
    height: 280,
    scales: { x: { time: true } },
    axes: [
      { ...axis, label: 'day (UTC)' },
      { ...axis, label: spec.yLabel, size: 60 },
    ],
    series: [
      { label: 'day' },
      ...spec.series.map((series, index) => ({
        label: series.label,
        stroke:
          series.band === undefined ? (strokes[index % strokes.length] ?? '#1f6fd1') : axisColor,
        width: series.band === undefined ? 2 : 1,
        dash: series.band === undefined ? (dashes[index % dashes.length] ?? []) : [3, 3],
        points: { show: true, size: 6 },
      })),
    ],
  }
  const data = [x, ...spec.series.map((series) => [...series.values])] as uPlot.AlignedData
  const chart = new uPlot(options, data, container)
  new ResizeObserver(() => {
    chart.setSize({ width: Math.max(280, container.clientWidth), height: 280 })
  }).observe(container)
}

for (const container of document.querySelectorAll<HTMLElement>('[data-chart]')) draw(container)
