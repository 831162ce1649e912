import { join } from 'node:path'
import type { PassphraseSource } from '@skillship/signing/node'
import type { CliIo } from '../command.js'
import { skillshipHome } from '../config/cli-config.js'

/** The environment variable an encrypted key's passphrase is read from when no one can type it. */
export const keyPassphraseEnv = 'SKILLSHIP_KEY_PASSPHRASE'

/**
 * The publisher key `keys generate` writes and `publish --sign` reads when no file is named:
 * `~/.skillship/keys/signing-key.pem` (under SKILLSHIP_HOME when set); its public key is beside
 * it as `.pub` (what `keys add` registers by default).
 */
export function defaultSigningKeyFile(io: CliIo): string {
  return join(skillshipHome(io.env, io.home), 'keys', 'signing-key.pem')
}

/**
 * Where an encrypted key's passphrase comes from: `SKILLSHIP_KEY_PASSPHRASE` when set, else a
 * prompt on the terminal (stdin and stderr both TTYs, nothing echoed), else nowhere (the key
 * reader then fails with SIGNATURE_KEY_PASSPHRASE_REQUIRED: a CI job never hangs on a prompt).
 */
export function keyPassphraseSource(io: CliIo): PassphraseSource {
  return async () => {
    const fromEnv = io.env[keyPassphraseEnv]
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv
    if (process.stdin.isTTY !== true || io.stderr.isTTY !== true) return undefined
    return promptHidden(io, 'Passphrase for the signing key: ')
  }
}

// Raw mode so the typed characters are not echoed; Enter ends, Ctrl-C or Ctrl-D gives up.
function promptHidden(io: CliIo, question: string): Promise<string | undefined> {
  const stdin = process.stdin
  io.stderr.write(question)
  stdin.setRawMode(true)
  stdin.resume()
  return new Promise((resolve) => {
    let typed = ''
    const finish = (value: string | undefined) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      io.stderr.write('\n')
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        const next = typeKey(typed, char)
        if (typeof next !== 'string') return finish(next.done)
        typed = next
      }
    }
    stdin.on('data', onData)
  })
}

// One typed character: the text so far, or the prompt's end (Enter: the text; Ctrl-C, Ctrl-D: none).
function typeKey(typed: string, char: string): string | { readonly done: string | undefined } {
  if (char === '\r' || char === '\n') return { done: typed }
  if (char === '\u0003' || char === '\u0004') return { done: undefined }
  return char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char
}
