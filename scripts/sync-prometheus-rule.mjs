#!/usr/bin/env node
// Writes deploy/k8s/base/prometheusrule.yaml from deploy/prometheus/rules.yml (the same groups),
// so the rules promtool tests are the rules the cluster loads. Run after editing rules.yml; the
// test deploy/test/prometheus-rules.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse, stringify } from 'yaml'

const rules = parse(
  readFileSync(new URL('../deploy/prometheus/rules.yml', import.meta.url), 'utf8'),
)
const resource = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'skillship', labels: { release: 'kube-prometheus-stack' } },
  spec: { groups: rules.groups },
}
const header = `# Generated from deploy/prometheus/rules.yml by scripts/sync-prometheus-rule.mjs (same groups;
# deploy/test/prometheus-rules.test.ts fails when they differ). The release label must match the
# kube-prometheus-stack ruleSelector, see docs/deploy.md.
`
writeFileSync(
  new URL('../deploy/k8s/base/prometheusrule.yaml', import.meta.url),
  header + stringify(resource, { lineWidth: 0 }),
)
