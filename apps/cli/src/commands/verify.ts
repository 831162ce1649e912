import { type VerifiedInstall, verifyInstalled } from '@skillship/installer'
import type { Command } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { installedSkillsOptions } from './list.js'

/**
 * `skillship verify [name...]`: every installed skill's placed files against skillship.lock,
 * then its publisher bundle and registry signature under skillship.json's trust policy. Exit 5
 * when any skill is invalid (each named with its code and the files that differ).
 */
export const verifyCommand: Command = {
  usage:
    'Usage: skillship verify [name...] [-g|--global] [--json]\n\nChecks installed skills against skillship.lock (files, skill digest) and their signatures under the trust policy; prints verified, unsigned or invalid per skill. Exit 5 when any is invalid.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, installedSkillsOptions)
    const installer = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    const skills = await verifyInstalled(installer, positionals)
    const invalid = skills.filter((skill) => skill.status === 'invalid')
    const text = skills.map(describe)
    if (text.length === 0) text.push('No installed skills.')
    return {
      exitCode: invalid.length > 0 ? ExitCode.Security : ExitCode.Ok,
      data: { skills },
      text,
      errors: [],
    }
  },
}

function describe(skill: VerifiedInstall): string {
  const head = `${skill.name}@${skill.version}  ${skill.status}`
  if (skill.status === 'verified') return `${head}  signer ${skill.signer}`
  if (skill.status === 'unsigned') return head
  return `${head}  ${skill.code}: ${skill.message}`
}
