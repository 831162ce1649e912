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
