import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { ci, hasTool, repoRoot, run } from './tools.js'

// promtool comes with Debian's `prometheus` package (.ci/run installs it); locally the checks skip
// without it, under CI they fail.
const promtool = hasTool('promtool')

describe.skipIf(!promtool && !ci)('deploy/prometheus rules', () => {
  it('pass `promtool check rules`', () => {
    const result = run('promtool', ['check', 'rules', 'deploy/prometheus/rules.yml'])
    expect(result.output).toContain('SUCCESS: 10 rules found')
    expect(result.status, result.output).toBe(0)
  })

  it('pass `promtool test rules` (SkillLoadSlow fires after 10 minutes above 1.5 s, not after 9)', () => {
    const result = run('promtool', ['test', 'rules', 'deploy/prometheus/rules.test.yml'])
    expect(result.status, result.output).toBe(0)
    expect(result.output).toContain('SUCCESS')
  })
})

describe('deploy/prometheus rules and the PrometheusRule', () => {
  const rules = YAML.parse(readFileSync(join(repoRoot, 'deploy/prometheus/rules.yml'), 'utf8'))
  const resource = YAML.parse(
    readFileSync(join(repoRoot, 'deploy/k8s/base/prometheusrule.yaml'), 'utf8'),
  )

  it('carry the same groups (regenerate the PrometheusRule from rules.yml when this fails)', () => {
    expect(resource.spec).toEqual(rules)
  })

  it('define the alerts of the issue, SkillLoadSlow as in docs/metrics.md', () => {
    const alerts = rules.groups.flatMap((g: { rules: Array<{ alert?: string }> }) =>
      g.rules.filter((r) => r.alert),
    )
    expect(alerts.map((a: { alert: string }) => a.alert)).toEqual([
      'SkillLoadSlow',
      'SkillshipHighErrorRate',
      'SkillshipCacheHitRatioCollapse',
      'SkillshipExperimentRolledBack',
      'SkillshipReadinessFlapping',
    ])
    const docs = readFileSync(join(repoRoot, 'docs/metrics.md'), 'utf8')
    const documented = /```promql\n(.*)\n```/.exec(docs)?.[1]
    expect(alerts[0].expr).toBe(documented?.replaceAll('sum(', 'sum by (job) ('))
    expect(alerts[0].for).toBe('10m')
  })
})
