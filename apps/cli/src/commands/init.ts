import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { CliErrorCode, usageError } from '../cli-error-codes.js'
import type { Command } from '../command.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage: skillship init <name> [--script python|node] [--json]

Creates the folder <name> here with a SKILL.md that passes \`skillship lint\`: the name, a
description to rewrite (what the skill does and when to use it), metadata.version 0.1.0 and a body
to fill in. --script python adds scripts/main.py and scripts/requirements.txt; --script node adds
scripts/main.mjs and scripts/package.json; the SKILL.md says how to run it (\`skillship run\`).
Refuses a folder that exists (CLI_INIT_EXISTS): nothing is overwritten.`

const options = { script: { type: 'string' } } as const

// The spec's name rule: lowercase letters, digits and single hyphens inside, at most 64 characters.
const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** `skillship init`: see usage. */
export const initCommand: Command = {
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    const [name] = positionals
    if (name === undefined || positionals.length > 1) throw usageError('init needs one <name>')
    if (!namePattern.test(name) || name.length > 64) {
      throw usageError(
        `'${name}' is not a skill name`,
        'Use lowercase letters, digits and single hyphens inside (at most 64 characters), e.g. `pdf-tools`.',
      )
    }
    const script = values.script
    if (script !== undefined && script !== 'python' && script !== 'node') {
      throw usageError(`--script takes python or node, not '${script}'`)
    }
    const dir = resolve(io.cwd, name)
    const files = skillFiles(name, script)
    await createExclusively(dir, files)
    return {
      exitCode: ExitCode.Ok,
      data: { name, path: dir, files: Object.keys(files) },
      text: [`created ${dir}`, ...Object.keys(files).map((file) => `  ${file}`)],
      errors: [],
    }
  },
}

/**
 * Makes `dir` (it must not exist) and writes `files` into it, each created exclusively. On any
 * failure the folder this call made is removed again: never a half-made skill, never anything
 * of the user's touched.
 */
async function createExclusively(dir: string, files: Record<string, string>): Promise<void> {
  try {
    await mkdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    throw new SkillshipError(CliErrorCode.InitExists, `${dir} already exists`, {
      hint: 'Pick another name, or remove the folder first.',
      path: dir,
      cause: error,
    })
  }
  try {
    for (const [file, content] of Object.entries(files)) {
      if (file.includes('/')) await mkdir(join(dir, file, '..'), { recursive: true })
      await writeFile(join(dir, file), content, { flag: 'wx', mode: 0o644 })
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function skillFiles(name: string, script: 'python' | 'node' | undefined): Record<string, string> {
  const files: Record<string, string> = {}
  const run =
    script === 'python' ? 'scripts/main.py' : script === 'node' ? 'scripts/main.mjs' : undefined
  files['SKILL.md'] = skillMd(name, run)
  if (script === 'python') {
    files['scripts/main.py'] =
      '"""The script of this skill: replace with what it does."""\nimport sys\n\n\ndef main() -> int:\n    print(f"hello from ' +
      name +
      ' ({len(sys.argv) - 1} arguments)")\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main())\n'
    files['scripts/requirements.txt'] =
      '# The packages scripts/main.py imports, one per line (skillship install builds a venv).\n'
  }
  if (script === 'node') {
    files['scripts/main.mjs'] =
      '// The script of this skill: replace with what it does.\n' +
      `console.log(\`hello from ${name} (\${process.argv.length - 2} arguments)\`)\n`
    files['scripts/package.json'] = `${JSON.stringify(
      { name: `${name}-scripts`, private: true, type: 'module', dependencies: {} },
      null,
      2,
    )}\n`
  }
  return files
}

function skillMd(name: string, script: string | undefined): string {
  const running =
    script === undefined
      ? ''
      : `\n## Running the script\n\nRun \`skillship run ${name} ${script} [args...]\`: it runs with the skill's own environment.\n`
  return `---
name: ${name}
description: "Describe what ${name} does and when to use it. Use when the user asks for ${name.replaceAll('-', ' ')}."
metadata:
  version: "0.1.0"
---
# ${name}

## When to use

Say which requests this skill is for, and which it is not for.

## Steps

1. Write the steps the agent follows, one per line.
${running}`
}
