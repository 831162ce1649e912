import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import { readAnyKeyFile, writeNewKeyFile } from '@skillship/signing/node'
import { unknownActionError, usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { ExitCode } from '../exit-codes.js'
import {
  defaultSigningKeyFile,
  keyPassphraseEnv,
  keyPassphraseSource,
} from '../input/key-passphrase.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { addKey, listKeys, revokeKey } from './keys-registry.js'

const usage = `Usage:
  skillship keys generate [--out FILE] [--json]          make an ed25519 publisher key pair
  skillship keys show <FILE> [--json]                    key id and public key of a key file
  skillship keys add [FILE] [--registry URL] [--json]    register a public key with the registry
  skillship keys list [--registry URL] [--json]          the keys registered with your token
  skillship keys revoke <keyId> [--registry URL] [--json]  revoke a registered key

generate writes the private key (PKCS#8 PEM, mode 0600; encrypted when ${keyPassphraseEnv} is
set) to FILE (default ~/.skillship/keys/signing-key.pem) and the public key to FILE.pub, never
replacing a file, and prints the key id (sha256 of the public key's SPKI DER) and public key.
show reads a private key (PKCS#8 PEM or OpenSSH, passphrase from ${keyPassphraseEnv} or the
terminal) or a public key (SPKI PEM or an ssh-ed25519 line).
add registers FILE's public key (default ~/.skillship/keys/signing-key.pem.pub; a private key
file gives its public half) for the logged-in token: the registry then accepts bundles it signs
for the names the token may publish (skillship publish --sign). list shows your keys (an admin
token: every key). revoke never deletes: new signatures by the key are refused and the versions
it signed are flagged (skillship info; strict trust policies refuse them). See docs/signing.md.`

export const keysCommand: Command = { usage, run }

const actions = ['generate', 'show', 'add', 'list', 'revoke']

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string', short: 'o' },
    registry: { type: 'string' },
  })
  const [action, operand] = positionals
  if (action !== undefined && !actions.includes(action))
    throw unknownActionError('keys', action, actions)
  const local = values.registry === undefined
  if (action === 'generate' && positionals.length === 1 && local) return generate(io, values.out)
  if (values.out !== undefined) throw usageError('--out goes with keys generate only')
  if (action === 'show' && operand !== undefined && positionals.length === 2 && local)
    return show(io, resolve(io.cwd, operand))
  if (action === 'add' && positionals.length <= 2)
    return addKey(io, operand === undefined ? undefined : resolve(io.cwd, operand), values.registry)
  if (action === 'list' && positionals.length === 1) return listKeys(io, values.registry)
  if (action === 'revoke' && operand !== undefined && positionals.length === 2)
    return revokeKey(io, operand, values.registry)
  throw usageError(
    'keys needs generate [--out FILE], show <FILE>, add [FILE], list, or revoke <keyId>',
    'Run `skillship help keys` for usage.',
  )
}

function generate(io: CliIo, out: string | undefined): CommandResult {
  const privateKeyFile = out === undefined ? defaultSigningKeyFile(io) : resolve(io.cwd, out)
  const publicKeyFile = `${privateKeyFile}.pub`
  const passphrase = io.env[keyPassphraseEnv]
  const encrypted = passphrase !== undefined && passphrase !== ''
  const key = generateSigningKey()
  const { privateKeyPem, publicKeyPem } = exportSigningKey(key, encrypted ? passphrase : undefined)
  if (out === undefined) mkdirSync(dirname(privateKeyFile), { recursive: true, mode: 0o700 })
  writeNewKeyFile(privateKeyFile, privateKeyPem, 0o600)
  writeNewKeyFile(publicKeyFile, publicKeyPem, 0o644)
  return {
    exitCode: ExitCode.Ok,
    data: { keyId: key.keyId, publicKey: publicKeyPem, privateKeyFile, publicKeyFile, encrypted },
    text: [
      `Key id      ${key.keyId}`,
      `Private key ${privateKeyFile} (mode 0600${encrypted ? ', encrypted' : ''}): keep it secret`,
      `Public key  ${publicKeyFile}`,
      publicKeyPem.trimEnd(),
    ],
    errors: [],
  }
}

async function show(io: CliIo, file: string): Promise<CommandResult> {
  const { key, isPrivate } = await readAnyKeyFile(file, keyPassphraseSource(io))
  const publicKeyPem = String(key.publicKey.export({ format: 'pem', type: 'spki' }))
  return {
    exitCode: ExitCode.Ok,
    data: { keyId: key.keyId, publicKey: publicKeyPem, file, private: isPrivate },
    text: [
      `Key id     ${key.keyId}`,
      `Public key (${isPrivate ? 'of the private key ' : ''}${file})`,
      publicKeyPem.trimEnd(),
    ],
    errors: [],
  }
}
