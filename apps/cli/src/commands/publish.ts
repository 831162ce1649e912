import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { errnoCode, SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import { type LintedSkill, lintPath, loadSkill, packSkill } from '@skillship/core/node'
import { RegistryErrorCode } from '@skillship/registry-client/errors'
import type { DigestFile } from '@skillship/signing'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { renderLintReport } from '../output/render-lint-report.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { summarizeLint } from './lint-summary.js'
import { describePlan, planSignature, type SigningPlan, signPlan } from './publish-signing.js'

const usage = `Usage: skillship publish [dir|file.tgz] [--tag T] [--version V] [--access public|private] [--sign [--key FILE]] [--registry URL] [--dry-run] [--json]

Publishes a skill folder (linted and packed deterministically first) or a .tgz (linted after a safe
unpack) to the registry. The version comes from SKILL.md metadata.version or --version (semver).
A skill with lint errors is not sent. --dry-run lints and packs, and shows what would be uploaded
(name, version, files, sizes, integrity) without contacting the registry.
--sign signs the tarball with a publisher key (FILE, default ~/.skillship/keys/signing-key.pem;
an encrypted key's passphrase from SKILLSHIP_KEY_PASSPHRASE or the terminal): a Sigstore bundle
over name@version, the skill digest and the tarball's sha512, naming the token's name as the
publisher and, from a clean git checkout, the repository and commit. The registry accepts it only
for a key added with \`skillship keys add\` by a token that may publish the name (docs/signing.md).
With --dry-run it shows the key id and digest that would be signed.`

export const publishCommand: Command = { usage, run }

interface Prepared {
  readonly name: string
  readonly tarball: Uint8Array
  readonly linted: LintedSkill
  /** From packing a folder: the version it would carry and its files; a .tgz is sent as it is. */
  readonly version?: string | undefined
  readonly files?: readonly (DigestFile & { readonly size: number })[]
}

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    tag: { type: 'string' },
    version: { type: 'string' },
    access: { type: 'string' },
    registry: { type: 'string' },
    'dry-run': { type: 'boolean' },
    sign: { type: 'boolean' },
    key: { type: 'string' },
  })
  if (positionals.length > 1) throw usageError('publish takes one skill folder or .tgz')
  if (values.key !== undefined && values.sign !== true)
    throw usageError('--key goes with --sign', 'Add --sign to sign with that key.')
  const access = values.access ?? 'public'
  if (access !== 'public' && access !== 'private')
    throw usageError(`--access must be public or private, not '${access}'`)
  const prepared = await prepare(resolve(io.cwd, positionals[0] ?? '.'), values.version)
  if (!prepared.linted.ok) return refused(prepared.linted, io)
  const plan =
    values.sign === true ? await planFor(io, values.key, prepared, values.version) : undefined
  if (values['dry-run'] === true) return dryRun(prepared, values.version, access, plan)
  return upload(io, prepared, plan, { ...values, access })
}

interface UploadOptions {
  readonly access: 'public' | 'private'
  readonly tag?: string | undefined
  readonly version?: string | undefined
  readonly registry?: string | undefined
}

async function upload(
  io: CliIo,
  prepared: Prepared,
  plan: (SigningPlan & { readonly version: string }) | undefined,
  values: UploadOptions,
): Promise<CommandResult> {
  const { access } = values
  const { client, target } = await openRegistry(io, values.registry, { needsToken: true })
  // The statement names the token's name as publisher: the identity the key is registered to.
  const signature =
    plan === undefined ? undefined : signPlan(plan, (await client.whoami()).name, new Date())
  const published = await client.publish(prepared.name, prepared.tarball, {
    access,
    integrity: computeIntegrity(prepared.tarball),
    ...(values.tag === undefined ? {} : { tag: values.tag }),
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(signature === undefined ? {} : { signature }),
  })
  const signedBy = plan === undefined ? {} : { signature: { keyId: plan.key.keyId } }
  return {
    exitCode: ExitCode.Ok,
    data: {
      registry: target.registry,
      ...published,
      size: prepared.tarball.byteLength,
      ...signedBy,
    },
    text: [
      `published ${published.name}@${published.version} to ${target.registry}`,
      `    integrity  ${published.integrity}`,
      ...(plan === undefined ? [] : [`    signed by  ${plan.key.keyId}`]),
      `    dist-tags  ${Object.entries(published.distTags)
        .map(([t, v]) => `${t}: ${v}`)
        .join(', ')}`,
    ],
    errors: [],
  }
}

async function prepare(path: string, version: string | undefined): Promise<Prepared> {
  if ((await statOrMissing(path)).isFile()) {
    const [linted] = await lintPath(path)
    if (!linted) throw usageError(`${path} holds no skill`)
    return { name: linted.name ?? '', tarball: await readFile(path), linted }
  }
  const skill = await loadSkill(path)
  const { validation } = skill
  const linted: LintedSkill = {
    path,
    kind: 'directory',
    name: validation.properties?.name,
    ok: validation.ok,
    issues: validation.issues,
    fixed: [],
  }
  if (!validation.ok) return { name: '', tarball: new Uint8Array(), linted }
  const packed = await packSkill(skill, version === undefined ? {} : { version })
  const files = packed.files.map(({ path, size, mode, sha256 }) => ({ path, size, mode, sha256 }))
  return { name: packed.name, tarball: packed.tarball, linted, version: packed.version, files }
}

// A signature names its version, so one is needed now even for a .tgz (--version or SKILL.md's).
async function planFor(
  io: CliIo,
  keyFlag: string | undefined,
  prepared: Prepared,
  flagVersion: string | undefined,
): Promise<SigningPlan & { readonly version: string }> {
  const plan = await planSignature(io, keyFlag, {
    name: prepared.name,
    version: prepared.version ?? flagVersion,
    tarball: prepared.tarball,
    files: prepared.files,
    folder: prepared.files === undefined ? undefined : prepared.linted.path,
  })
  if (plan.version === undefined) throw noVersion(prepared)
  return { ...plan, version: plan.version }
}

function noVersion(prepared: Prepared): SkillshipError {
  return new SkillshipError(RegistryErrorCode.VersionInvalid, `${prepared.name} has no version`, {
    hint: 'Set metadata.version in SKILL.md (e.g. "1.0.0") or publish with --version.',
    path: prepared.linted.path,
  })
}

// What a publish would send, computed exactly as the publish computes it; nothing leaves the machine.
function dryRun(
  prepared: Prepared,
  flagVersion: string | undefined,
  access: string,
  plan: SigningPlan | undefined,
): CommandResult {
  const version = plan?.version ?? prepared.version ?? flagVersion
  // A folder without a version would be refused by the registry (422): say so now.
  if (prepared.files !== undefined && version === undefined) throw noVersion(prepared)
  const integrity = computeIntegrity(prepared.tarball)
  const size = prepared.tarball.byteLength
  const files = prepared.files ?? []
  return {
    exitCode: ExitCode.Ok,
    data: {
      dryRun: true,
      name: prepared.name,
      version: version ?? null,
      access,
      integrity,
      size,
      files: files.map(({ path, size }) => ({ path, size })),
      ...(plan === undefined ? {} : { signature: describePlan(plan) }),
    },
    text: [
      `would publish ${prepared.name}@${version ?? '(the version in the archive)'} (${access}, dry run: nothing sent)`,
      ...files.map((file) => `    ${String(file.size).padStart(8)}  ${file.path}`),
      `    tarball    ${size} bytes`,
      `    integrity  ${integrity}`,
      ...(plan === undefined
        ? []
        : [
            `    sign with  ${plan.key.keyId} (${plan.keyFile})`,
            `    digest     ${plan.skillDigest}`,
            `    source     ${
              plan.source === undefined
                ? 'none (not a folder in a clean git checkout with an origin)'
                : `${plan.source.repository} ${plan.source.commit}`
            }`,
          ]),
    ],
    errors: [],
  }
}

function refused(linted: LintedSkill, io: CliIo): CommandResult {
  return {
    exitCode: ExitCode.Failed,
    data: { path: linted.path, issues: linted.issues },
    text: [
      ...renderLintReport([linted], {
        summary: summarizeLint([linted], 1),
        strict: false,
        cwd: io.cwd,
        color: io.color,
      }),
      'Not published: fix the errors above first.',
    ],
    errors: [
      {
        code: SkillErrorCode.Invalid,
        message: `${linted.path} is not a valid skill`,
        hint: 'Run `skillship lint` and fix the errors.',
        path: linted.path,
      },
    ],
  }
}

async function statOrMissing(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    throw new SkillshipError(SkillErrorCode.PathNotFound, `Path does not exist: ${path}`, {
      hint: 'Check the path.',
      path,
    })
  }
}
