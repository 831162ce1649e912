import { parse, TomlError } from 'smol-toml'
import { invalidDeclaration } from './declaration-errors.js'

/**
 * Parses TOML from `file` of a skill; `firstLine` is the file line the text starts on (a PEP 723
 * block starts inside its file), so that messages point into the file.
 */
export function parseTomlDeclaration(
  skillDir: string,
  file: string,
  text: string,
  firstLine = 1,
): Record<string, unknown> {
  try {
    return parse(text)
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    const reason = error.message.split('\n')[0] ?? error.message
    const at = `line ${error.line + firstLine - 1}, column ${error.column}`
    throw invalidDeclaration(skillDir, file, `invalid TOML at ${at}: ${reason}`, { cause: error })
  }
}
