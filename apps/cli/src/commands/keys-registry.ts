import type { PublisherKeyDocument } from '@skillship/registry-client'
import { isKeyId } from '@skillship/signing'
import { readAnyKeyFile } from '@skillship/signing/node'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { defaultSigningKeyFile, keyPassphraseSource } from '../input/key-passphrase.js'

// `skillship keys add|list|revoke`: publisher keys at the registry (POST/GET/DELETE
// /v1/keys/publishers), always with the logged-in token, whose name owns the key.

/**
 * Registers the public key of `file` (default: the `.pub` beside the default signing key). The
 * key is read and its id computed here, so a file that is no ed25519 key never leaves the machine.
 */
export async function addKey(
  io: CliIo,
  file: string | undefined,
  registryFlag: string | undefined,
): Promise<CommandResult> {
  const path = file ?? `${defaultSigningKeyFile(io)}.pub`
  const { key } = await readAnyKeyFile(path, keyPassphraseSource(io))
  const publicKey = String(key.publicKey.export({ format: 'pem', type: 'spki' }))
  const { client, target } = await openRegistry(io, registryFlag, { needsToken: true })
  const added = await client.addPublisherKey(publicKey)
  return {
    exitCode: ExitCode.Ok,
    data: { registry: target.registry, file: path, ...added },
    text: [
      `added ${added.keyId} to ${target.registry}`,
      `    owner   ${added.owner}`,
      `    scopes  ${added.scopes.join(', ')} (the names its signatures are accepted for)`,
    ],
    errors: [],
  }
}

/** The keys registered with the token (an admin token: every key), revoked ones flagged. */
export async function listKeys(
  io: CliIo,
  registryFlag: string | undefined,
): Promise<CommandResult> {
  const { client, target } = await openRegistry(io, registryFlag, { needsToken: true })
  const keys = await client.listPublisherKeys()
  return {
    exitCode: ExitCode.Ok,
    data: { registry: target.registry, keys },
    text:
      keys.length === 0
        ? [`No publisher keys at ${target.registry}: add one with \`skillship keys add\`.`]
        : keys.flatMap(keyLines),
    errors: [],
  }
}

/** Revokes `keyId` (a `sha256:` key id; anything else is a usage error, nothing sent). */
export async function revokeKey(
  io: CliIo,
  keyId: string,
  registryFlag: string | undefined,
): Promise<CommandResult> {
  if (!isKeyId(keyId)) {
    throw usageError(
      `'${keyId}' is not a key id`,
      'A key id is sha256: and 64 lowercase hex digits; see `skillship keys list`.',
    )
  }
  const { client, target } = await openRegistry(io, registryFlag, { needsToken: true })
  const revoked = await client.revokePublisherKey(keyId)
  return {
    exitCode: ExitCode.Ok,
    data: { registry: target.registry, ...revoked },
    text: [
      `revoked ${revoked.keyId} at ${target.registry} (${revoked.revokedAt ?? 'now'})`,
      '    new signatures by it are refused; the versions it signed are flagged',
    ],
    errors: [],
  }
}

function keyLines(key: PublisherKeyDocument): string[] {
  return [
    `${key.keyId}${key.revokedAt === null ? '' : `  REVOKED ${key.revokedAt}`}`,
    `    owner ${key.owner}, scopes ${key.scopes.join(', ')}, added ${key.createdAt}`,
  ]
}
