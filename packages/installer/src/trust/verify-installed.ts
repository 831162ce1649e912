import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { computeSkillDigest } from '@skillship/signing'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { readLockfile } from '../lockfile/lockfile.js'
import type { LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import { readManifest } from '../manifest/manifest.js'
import type { InstallerOptions } from '../project/project.js'
import { installerPaths } from '../project/project.js'
import { readInstalledState } from '../state/installed-state.js'
import { applyTrustPolicy } from './apply-trust-policy.js'
import { tamperedFiles } from './placed-files.js'
import type { TrustPolicy } from './trust-policy.js'

/** What `skillship verify` found for one installed skill. */
export interface VerifiedInstall {
  readonly name: string
  readonly version: string
  /** `verified`: signed by a key the policy names; `unsigned`: intact, no signature to check. */
  readonly status: 'verified' | 'unsigned' | 'invalid'
  /** The skill digest of the locked files. */
  readonly digest: string
  readonly signer?: string
  /** When invalid: the code, the message and the placed files that differ from the lock. */
  readonly code?: string
  readonly message?: string
  readonly tampered?: readonly string[]
}

// With no `trust` in skillship.json, only the lock's files and a recorded signer are held to.
const noPolicy: TrustPolicy = {
  publishers: {},
  requireSignatures: false,
  registryKeys: 'ignore',
  keys: new Map(),
}

/**
 * Checks every installed skill of the lock (or those `names` lists; an unknown name is
 * INSTALL_NOT_INSTALLED): each placed folder against the lock's files (INSTALL_VERIFY_FAILED
 * naming the files), then the publisher bundle and registry signature under skillship.json's
 * trust policy, with the lock's signer held as at install. Never throws for one skill's failure.
 */
export async function verifyInstalled(
  options: InstallerOptions,
  names: readonly string[] = [],
): Promise<VerifiedInstall[]> {
  const paths = installerPaths(options)
  const lockfile = (await readLockfile(paths.lockfile))?.lockfile
  const policy = (await readManifest(paths.manifest))?.trust ?? noPolicy
  const state = await readInstalledState(paths.state)
  const locked = lockfile?.skills ?? {}
  const unknown = names.find((name) => locked[name] === undefined)
  if (unknown !== undefined) {
    throw new SkillshipError(InstallErrorCode.NotInstalled, `${unknown} is not in skillship.lock`, {
      hint: 'Run `skillship list` to see the installed skills.',
    })
  }
  const chosen = names.length === 0 ? Object.keys(locked).sort() : [...names]
  return Promise.all(
    chosen.map((name) => {
      const dirs = state.skills.filter((r) => r.name === name).map((r) => r.path)
      return verifyOne(name, locked[name] as LockedSkill, dirs, { policy, lockfile, options })
    }),
  )
}

async function verifyOne(
  name: string,
  locked: LockedSkill,
  dirs: readonly string[],
  context: { policy: TrustPolicy; lockfile: Lockfile | undefined; options: InstallerOptions },
): Promise<VerifiedInstall> {
  const base = { name, version: locked.version, digest: computeSkillDigest(locked.files) }
  const [first] = dirs
  if (first === undefined) {
    const message = `${name} is locked but placed in no agent folder`
    return { ...base, status: 'invalid', code: InstallErrorCode.NotInstalled, message }
  }
  try {
    for (const dir of dirs) {
      const tampered = await tamperedFiles(dir, locked.files)
      if (tampered.length > 0) return { ...base, ...tamperedResult(dir, tampered) }
    }
    const entry = { dir: first, files: locked.files }
    const [checked] = await applyTrustPolicy(
      [{ name, locked, entry }],
      context.policy,
      context.lockfile,
      context.options,
    )
    const signer = checked?.locked.signer
    return signer === undefined
      ? { ...base, status: 'unsigned' }
      : { ...base, status: 'verified', signer }
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    return { ...base, status: 'invalid', code: error.code, message: error.message }
  }
}

function tamperedResult(dir: string, tampered: readonly string[]) {
  return {
    status: 'invalid' as const,
    code: InstallErrorCode.VerifyFailed,
    message: `${dir}: ${tampered.join(', ')} differ${tampered.length === 1 ? 's' : ''} from skillship.lock`,
    tampered,
  }
}
