import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { ci, hasTool, repoRoot, run } from './tools.js'

// kubectl renders the overlays offline. Each document is validated twice:
// 1. kubernetes-models' JSON-schema validators (types, required fields, formats), and
// 2. a strict unknown-field check: the documents are written out as TypeScript object literals
//    typed with the same packages' interfaces and type-checked with tsc, whose excess-property
//    check rejects any key the schema does not define, at any depth (the schemas themselves are
//    compiled into validators that accept unknown keys, as Kubernetes' OpenAPI does).

const kubectl = hasTool('kubectl', ['version', '--client'])
const overlays = ['single', 'scale-out'] as const

type Doc = {
  apiVersion: string
  kind: string
  metadata: { name: string }
  spec?: unknown
} & Record<string, unknown>

/** Model modules by apiVersion: kind maps to the class (validate) and `I<kind>` (the interface). */
const modules: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
}

function render(overlay: string): Doc[] {
  const result = run('kubectl', ['kustomize', `deploy/k8s/overlays/${overlay}`])
  expect(result.status, result.output).toBe(0)
  return YAML.parseAllDocuments(result.stdout).map((d) => d.toJS() as Doc)
}

async function validate(doc: Doc): Promise<void> {
  const module = modules[doc.apiVersion]
  if (!module) throw new Error(`no model for ${doc.apiVersion}`)
  const models = (await import(module)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >
  const Model = models[doc.kind]
  if (!Model) throw new Error(`no model for ${doc.apiVersion} ${doc.kind}`)
  new Model(doc).validate()
}

/** tsc over typed literals of `docs`; returns the diagnostics per file name. */
function strictCheck(files: Record<string, readonly Doc[]>): string {
  // Inside the repository so that the packages resolve from its node_modules.
  const dir = mkdtempSync(join(repoRoot, 'node_modules', '.cache-deploy-strict-'))
  try {
    const paths = Object.entries(files).map(([name, docs]) => {
      const lines = docs.map((doc, i) => {
        const module = modules[doc.apiVersion]
        return `export const d${i}: import('${module}').I${doc.kind} = ${JSON.stringify(doc, null, 1)}`
      })
      const path = join(dir, `${name}.ts`)
      writeFileSync(path, `${lines.join('\n')}\n`)
      return path
    })
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc')
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext']
    const result = run(process.execPath, [tsc, ...args, '--target', 'es2022', ...paths], 120_000)
    return result.output.replace(/\S*\.cache-deploy-strict-[^/]+\//g, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function find(docs: readonly Doc[], kind: string): Doc | undefined {
  return docs.find((d) => d.kind === kind)
}

describe.skipIf(!kubectl && !ci)('kustomize overlays', () => {
  const rendered = Object.fromEntries(overlays.map((o) => [o, render(o)])) as Record<
    (typeof overlays)[number],
    Doc[]
  >

  it.each(overlays)('%s: every rendered document validates against its schema', async (overlay) => {
    const docs = rendered[overlay]
    expect(docs.length).toBeGreaterThan(4)
    for (const doc of docs) await validate(doc)
  })

  it('every document of both overlays passes the strict unknown-field check, and a typo fails it', () => {
    const deployment = structuredClone(find(rendered['scale-out'], 'Deployment')) as Doc
    const spec = deployment['spec'] as {
      template: { spec: { containers: Array<{ livenessProbe: Record<string, unknown> }> } }
    }
    const container = spec.template.spec.containers[0]
    if (!container) throw new Error('no container')
    container.livenessProbe['failureTreshold'] = 3
    const output = strictCheck({
      single: rendered.single,
      scaleout: rendered['scale-out'],
      typo: [deployment],
    })
    const errors = output.split('\n').filter((line) => /error TS/.test(line))
    expect(errors.filter((e) => !e.startsWith('typo.ts'))).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^typo\.ts.*'"failureTreshold"' does not exist in type 'IProbe'/)
  }, 120_000)

  it('the model validators reject a wrong type', async () => {
    const hpa = structuredClone(find(rendered['scale-out'], 'HorizontalPodAutoscaler')) as Doc
    ;(hpa['spec'] as Record<string, unknown>)['maxReplicas'] = 'ten'
    await expect(validate(hpa)).rejects.toThrow(/maxReplicas/)
  })

  it('scale-out: the HPA scales the Deployment 2-10 at 60% CPU with explicit behaviour', () => {
    const docs = rendered['scale-out']
    const hpa = find(docs, 'HorizontalPodAutoscaler')
    expect(hpa?.apiVersion).toBe('autoscaling/v2')
    const spec = hpa?.spec as Record<string, unknown> & {
      behavior: { scaleUp: Record<string, unknown>; scaleDown: Record<string, unknown> }
    }
    expect(spec['scaleTargetRef']).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'skillship',
    })
    expect(spec['minReplicas']).toBe(2)
    expect(spec['maxReplicas']).toBe(10)
    expect(spec['metrics']).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
    ])
    for (const direction of [spec.behavior.scaleUp, spec.behavior.scaleDown]) {
      expect(direction['stabilizationWindowSeconds']).toEqual(expect.any(Number))
      expect((direction['policies'] as unknown[]).length).toBeGreaterThan(0)
    }
    expect(find(docs, 'PodDisruptionBudget')).toBeDefined()
    const env = JSON.stringify(find(docs, 'Deployment'))
    expect(env).toContain('"secretKeyRef":{"key":"DATABASE_URL","name":"skillship-database"}')
    // Every replica signs with one keyring (docs/signing.md), not a per-pod generated key.
    expect(env).toContain(
      '"secretKeyRef":{"key":"SKILLSHIP_REGISTRY_KEYS","name":"skillship-registry-keys"}',
    )
    expect(find(docs, 'Secret')?.metadata.name).toBe('skillship-database')
  })

  it('single: one replica on a PersistentVolumeClaim, Recreate, no HPA, PDB or DATABASE_URL', () => {
    const docs = rendered.single
    const deployment = find(docs, 'Deployment')
    const spec = deployment?.spec as {
      replicas: number
      strategy: unknown
      template: { spec: { volumes: unknown[] } }
    }
    expect(spec.replicas).toBe(1)
    expect(spec.strategy).toEqual({ type: 'Recreate' })
    expect(spec.template.spec.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'skillship-data' },
    })
    expect(find(docs, 'PersistentVolumeClaim')?.metadata.name).toBe('skillship-data')
    expect(
      docs.filter((d) =>
        ['HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret'].includes(d.kind),
      ),
    ).toEqual([])
    expect(JSON.stringify(deployment)).not.toContain('DATABASE_URL')
  })

  it.each(overlays)(
    '%s: probes, preStop, grace period, resources and security context',
    (overlay) => {
      const docs = rendered[overlay]
      const deployment = find(docs, 'Deployment') as Doc
      const pod = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec
      const [container] = pod['containers'] as Array<Record<string, Record<string, unknown>>>
      if (!container) throw new Error('no container')
      const probe = (name: string) =>
        (container[name] as { httpGet: { path: string; port: string } }).httpGet
      expect([probe('startupProbe'), probe('livenessProbe'), probe('readinessProbe')]).toEqual([
        { path: '/readyz', port: 'health' },
        { path: '/livez', port: 'health' },
        { path: '/readyz', port: 'health' },
      ])
      // The probes' port is the health listener's, which the ConfigMap turns on.
      const configData = (find(docs, 'ConfigMap') as unknown as { data: Record<string, string> })
        .data
      expect(container['ports']).toContainEqual({
        name: 'health',
        containerPort: Number(configData['SKILLSHIP_HEALTH_PORT']),
        protocol: 'TCP',
      })
      expect(configData['SKILLSHIP_HEALTH_PORT']).not.toBe(configData['SKILLSHIP_PORT'])
      // Only the kubelet reaches it: the Service exposes the API port alone.
      expect(JSON.stringify(find(docs, 'Service'))).not.toContain('health')
      const startup = container['startupProbe'] as {
        periodSeconds: number
        failureThreshold: number
      }
      expect(startup.periodSeconds * startup.failureThreshold).toBeGreaterThanOrEqual(60)
      expect(container['lifecycle']).toEqual({
        preStop: { exec: { command: ['/bin/sleep', '5'] } },
      })
      const config = find(docs, 'ConfigMap') as unknown as { data: Record<string, string> }
      const shutdownSeconds = Number(config.data['SKILLSHIP_SHUTDOWN_TIMEOUT_MS']) / 1000
      expect(pod['terminationGracePeriodSeconds']).toBeGreaterThan(5 + shutdownSeconds)
      expect(container['resources']?.['requests']).toEqual({ cpu: '250m', memory: '256Mi' })
      expect(container['resources']?.['limits']).toEqual({ memory: '512Mi' })
      expect(container['securityContext']).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      })
      expect(pod['securityContext']).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      })
      expect(container['volumeMounts']).toContainEqual({ name: 'tmp', mountPath: '/tmp' })
      expect(find(docs, 'ServiceMonitor')).toBeDefined()
      expect(find(docs, 'PrometheusRule')).toBeDefined()
    },
  )
})
