import { join } from 'node:path'
import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'

/**
 * Where the registry's signing keys come from (docs/signing.md, "Registry keys"):
 * `SKILLSHIP_REGISTRY_KEYS` holds the keyring text itself (a Kubernetes Secret as an environment
 * variable), `SKILLSHIP_REGISTRY_KEYS_FILE` names a file holding it (a mounted secret, an Ansible
 * vault file); with neither, `<data folder>/registry-keys.pem`, generated on first start. Replicas
 * sharing PostgreSQL must all be given the same keyring through one of the first two.
 */
export type RegistryKeysSource =
  | { readonly kind: 'secret'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'data'; readonly path: string }

export const registryKeysFileName = 'registry-keys.pem'

const namePattern = /^[a-z0-9*][a-z0-9*-]*$/

/**
 * `SKILLSHIP_REQUIRE_SIGNATURES`: comma-separated skill-name globs (`*` = any run of characters;
 * `*` alone = every name) whose publishes must carry a publisher signature. Empty: none.
 */
export function requireSignaturesPatterns(raw: string | undefined): readonly string[] {
  if (raw === undefined || raw.trim() === '') return []
  const patterns = raw.split(',').map((part) => part.trim())
  const bad = patterns.find((pattern) => !namePattern.test(pattern))
  if (bad !== undefined || patterns.length > 256) {
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      `SKILLSHIP_REQUIRE_SIGNATURES has '${bad ?? raw.slice(0, 40)}', not a skill-name glob`,
      {
        hint: 'Use comma-separated globs of skill-name characters and *, e.g. * or team-*,acme-*.',
      },
    )
  }
  return patterns
}

export function registryKeysSource(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): RegistryKeysSource {
  const text = env['SKILLSHIP_REGISTRY_KEYS']
  const path = env['SKILLSHIP_REGISTRY_KEYS_FILE']
  const hasText = text !== undefined && text.trim() !== ''
  const hasPath = path !== undefined && path.trim() !== ''
  if (hasText && hasPath) {
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      'SKILLSHIP_REGISTRY_KEYS and SKILLSHIP_REGISTRY_KEYS_FILE are both set',
      { hint: 'Give the registry keyring one way: the text or a file path.' },
    )
  }
  if (hasText) return { kind: 'secret', text }
  if (hasPath) return { kind: 'file', path }
  return { kind: 'data', path: join(dataDir, registryKeysFileName) }
}
