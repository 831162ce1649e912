import type { AuditReport, CapabilityKind } from '../types.js'

/** What a skill version can do: per capability kind, the details (hosts, paths) and files. */
export interface CapabilityManifest {
  readonly skill: string
  readonly rulePackVersion: string
  readonly capabilities: Readonly<
    Partial<
      Record<
        CapabilityKind,
        { readonly details: readonly string[]; readonly files: readonly string[] }
      >
    >
  >
  readonly hosts: readonly string[]
}

export interface ManifestChange {
  readonly kind: CapabilityKind
  readonly detail: string
}

export interface ManifestDiff {
  readonly added: readonly ManifestChange[]
  readonly removed: readonly ManifestChange[]
  readonly addedHosts: readonly string[]
  readonly removedHosts: readonly string[]
}

export function capabilityManifest(report: AuditReport): CapabilityManifest {
  const caps: Partial<Record<CapabilityKind, { details: string[]; files: string[] }>> = {}
  const hosts = new Set<string>()
  for (const c of report.capabilities) {
    const entry = caps[c.kind] ?? { details: [], files: [] }
    caps[c.kind] = entry
    if (!entry.details.includes(c.detail)) entry.details.push(c.detail)
    if (!entry.files.includes(c.path)) entry.files.push(c.path)
    if (c.kind === 'network-egress') {
      const host = c.detail.replace(/ \(sends data\)$/, '')
      if (host !== 'unknown') hosts.add(host)
    }
  }
  for (const entry of Object.values(caps)) {
    entry.details.sort()
    entry.files.sort()
  }
  return {
    skill: report.skill,
    rulePackVersion: report.rulePackVersion,
    capabilities: caps,
    hosts: [...hosts].sort(),
  }
}

/** What `next` can do that `previous` could not, and the reverse: an update adding capabilities is announced. */
export function diffManifests(
  previous: CapabilityManifest,
  next: CapabilityManifest,
): ManifestDiff {
  const flat = (m: CapabilityManifest): Map<string, ManifestChange> =>
    new Map(
      Object.entries(m.capabilities).flatMap(([kind, v]) =>
        (v?.details ?? []).map(
          (detail) => [`${kind}|${detail}`, { kind: kind as CapabilityKind, detail }] as const,
        ),
      ),
    )
  const a = flat(previous)
  const b = flat(next)
  return {
    added: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v),
    removed: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v),
    addedHosts: next.hosts.filter((h) => !previous.hosts.includes(h)),
    removedHosts: previous.hosts.filter((h) => !next.hosts.includes(h)),
  }
}
