import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import { readAnyKeyFile, writeNewKeyFile } from '@skillship/signing/node'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { skillshipHome } from '../config/cli-config.js'
import { ExitCode } from '../exit-codes.js'
import { keyPassphraseEnv, keyPassphraseSource } from '../input/key-passphrase.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage:
  skillship keys generate [--out FILE] [--json]   make an ed25519 publisher key pair
  skillship keys show <FILE> [--json]             key id and public key of a key file

generate writes the private key (PKCS#8 PEM, mode 0600; encrypted when ${keyPassphraseEnv} is
set) to FILE (default ~/.skillship/keys/signing-key.pem) and the public key to FILE.pub, never
replacing a file, and prints the key id (sha256 of the public key's SPKI DER) and public key.
show reads a private key (PKCS#8 PEM or OpenSSH, passphrase from ${keyPassphraseEnv} or the
terminal) or a public key (SPKI PEM or an ssh-ed25519 line). See docs/signing.md.`

export const keysCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } })
  const [action, file] = positionals
  if (action === 'generate' && positionals.length === 1) return generate(io, values.out)
  if (
    action === 'show' &&
    file !== undefined &&
    positionals.length === 2 &&
    values.out === undefined
  )
    return show(io, resolve(io.cwd, file))
  throw usageError('keys needs generate [--out FILE] or show <FILE>')
}

function generate(io: CliIo, out: string | undefined): CommandResult {
  const privateKeyFile =
    out === undefined
      ? join(skillshipHome(io.env, io.home), 'keys', 'signing-key.pem')
      : resolve(io.cwd, out)
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
