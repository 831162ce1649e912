import { RegistryErrorCode, routes } from '@skillship/registry-client'
import { registryError } from '../http/registry-error.js'

/**
 * Throws REGISTRY_VERSION_BLOCKED (410) when the registry's stored audit of `name@version` is
 * `block` (a re-audit under a newer rule pack): such a version is never loaded or served over MCP,
 * whatever names it (range, tag, exact version, experiment arm).
 */
export function refuseBlocked(
  name: string,
  version: string,
  audit: { readonly verdict: string; readonly rulePack: string } | null | undefined,
): void {
  if (audit?.verdict !== 'block') return
  throw registryError(
    RegistryErrorCode.VersionBlocked,
    `${name}@${version} is withheld: the registry's audit (rule pack ${audit.rulePack}) blocks it`,
    {
      hint: `Use another version of ${name}; the findings are at ${routes.audit(name, version)}.`,
      details: { name, version, rulePack: audit.rulePack },
    },
  )
}
