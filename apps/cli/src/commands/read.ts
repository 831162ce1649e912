import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import { SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { listSkills } from '@skillship/installer'
import { RuntimeErrorCode } from '@skillship/installer/errors'
import { usageError } from '../cli-error-codes.js'
import type { Command } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage: skillship read <name> [-g|--global] [--json]

Prints the SKILL.md of an installed skill to stdout, for agents without skill support (tell the
agent to run \`skillship read <name>\` when a task matches the skill's description). The skill's
other files sit beside it: --json also gives the folder as \`path\`.`

// The core's limit for SKILL.md: agents load it whole.
const maxSkillMdBytes = 1024 * 1024

const options = { global: { type: 'boolean', short: 'g' } } as const

/** `skillship read`: see usage. */
export const readCommand: Command = {
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options)
    const [name] = positionals
    if (name === undefined || positionals.length > 1) throw usageError('read needs one <name>')
    const installer = await installerOptionsFor(io, {
      global: values.global === true,
      registry: undefined,
    })
    const listed = (await listSkills(installer)).skills.find((skill) => skill.name === name)
    // A real folder first (the skill's own files), then a link to one.
    const folders = [...(listed?.placements ?? [])]
      .sort((a, b) => Number(b.method === 'folder') - Number(a.method === 'folder'))
      .map((placement) => placement.path)
    for (const folder of folders) {
      const bytes = await readSkillMd(join(folder, 'SKILL.md'))
      if (bytes === undefined) continue
      const { text } = decodeSkillMd(bytes)
      return {
        exitCode: ExitCode.Ok,
        data: { name, version: listed?.version, path: folder, content: text },
        text: [text.endsWith('\n') ? text.slice(0, -1) : text],
        errors: [],
      }
    }
    throw new SkillshipError(RuntimeErrorCode.SkillNotInstalled, `${name} is not installed here`, {
      hint:
        folders.length === 0
          ? 'Run `skillship list` to see what is installed, or `skillship add <spec>`.'
          : 'Its folders are gone: run `skillship sync` to place it again.',
    })
  },
}

/**
 * The bytes of a SKILL.md skillship placed, or undefined when there is none. The path comes from
 * a state file, so the file itself must be a regular file (not a link) of at most 1 MiB, checked
 * on the open descriptor.
 */
async function readSkillMd(path: string): Promise<Uint8Array | undefined> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined
    throw error
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) return undefined
    if (stats.size > maxSkillMdBytes) {
      throw new SkillshipError(SkillErrorCode.SkillMdTooLarge, `${path} is over 1 MiB`, { path })
    }
    const bytes = new Uint8Array(stats.size)
    const { bytesRead } = await handle.read(bytes, 0, stats.size, 0)
    return bytes.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
