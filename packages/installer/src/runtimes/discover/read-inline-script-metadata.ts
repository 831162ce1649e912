import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { invalidDeclaration } from './declaration-errors.js'
import { findScriptBlock } from './inline-script-block.js'
import { parseTomlDeclaration } from './parse-toml-declaration.js'
import { type PythonDeclaration, pythonDeclarationFromTable } from './python-declaration.js'

const where = 'the "# /// script" block'

/** The PEP 723 declaration of one `.py` file of a skill, or undefined when it has no block. */
export async function readInlineScriptMetadata(
  skillDir: string,
  file: string,
): Promise<PythonDeclaration | undefined> {
  const source = await readFile(join(skillDir, file), 'utf8')
  const block = findScriptBlock(source)
  if (block.kind === 'none') return undefined
  if (block.kind === 'several') {
    throw invalidDeclaration(skillDir, file, 'has more than one "# /// script" block.', {
      hint: 'PEP 723 allows one script block per file: merge them into one.',
    })
  }
  const table = parseTomlDeclaration(skillDir, file, block.toml, block.line)
  return pythonDeclarationFromTable(skillDir, file, table, where)
}
