import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { CliErrorCode } from '../cli-error-codes.js'

/**
 * `~/.skillship/config.json`: the default registry, one token per registry URL, and where the
 * repository shorthands point (config/git-hosts.ts).
 */
export interface CliConfig {
  readonly registry?: string
  readonly tokens?: Readonly<Record<string, string>>
  readonly gitHosts?: { readonly github?: string; readonly gitlab?: string }
}

/** Where skillship keeps its files: `SKILLSHIP_HOME`, else `~/.skillship`. */
export function skillshipHome(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const override = env['SKILLSHIP_HOME']
  return override !== undefined && override !== '' ? override : join(home, '.skillship')
}

export function configPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  return join(skillshipHome(env, home), 'config.json')
}

/** Reads the config; a missing file is an empty config, a corrupt one is CLI_CONFIG_INVALID. */
export async function readCliConfig(path: string): Promise<CliConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return {}
    throw error
  }
  try {
    const value = JSON.parse(text) as unknown
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new SyntaxError('not an object')
    return value as CliConfig
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw new SkillshipError(CliErrorCode.ConfigInvalid, `${path} is not valid JSON`, {
      hint: 'Fix or delete it, then run `skillship login` again.',
      cause: error,
      path,
    })
  }
}

/**
 * Writes the config atomically with mode 0600 (it holds tokens) in a folder with mode 0700:
 * a temporary file created with that mode is renamed over the old one.
 */
export async function writeCliConfig(path: string, config: CliConfig): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  } catch (error) {
    throw new SkillshipError(CliErrorCode.WriteFailed, `Cannot write ${path}`, {
      hint: 'Check that the folder is writable.',
      cause: error,
      path,
    })
  }
}
