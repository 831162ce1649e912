import { RegistryErrorCode, scopesAllow } from '@skillship/registry-client'
import type { Principal } from '../app/registry-env.js'
import { registryError } from '../http/registry-error.js'

/** True when the caller may see the skill: public, or private with a read scope on its name. */
export function canRead(
  principal: Principal,
  skill: { readonly name: string; readonly private: boolean },
): boolean {
  return !skill.private || scopesAllow(principal.scopes, 'read', skill.name)
}

/** Throws 401 for anonymous callers and 403 without a publish scope on `name`. */
export function requirePublish(principal: Principal, name: string): void {
  if (principal.tokenName === undefined) {
    throw registryError(RegistryErrorCode.Unauthorized, 'Publishing needs a token', {
      hint: 'Run `skillship login --registry URL --token T`, or send Authorization: Bearer <token>.',
    })
  }
  if (!scopesAllow(principal.scopes, 'publish', name)) {
    throw registryError(
      RegistryErrorCode.Forbidden,
      `The token '${principal.tokenName}' may not publish '${name}'`,
      {
        hint: 'Use a token with a publish:<glob> scope matching the skill name.',
      },
    )
  }
}

/** Throws 401 for anonymous callers and 403 for tokens without the admin scope. */
export function requireAdmin(principal: Principal): void {
  if (principal.tokenName === undefined)
    throw registryError(RegistryErrorCode.Unauthorized, 'This needs an admin token')
  if (!principal.scopes.some((scope) => scope.kind === 'admin')) {
    throw registryError(
      RegistryErrorCode.Forbidden,
      `The token '${principal.tokenName}' is not an admin token`,
    )
  }
}
