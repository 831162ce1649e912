import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { type RepoRoot, resolveInRepo } from './repo-path.js'

const maxManifestBytes = 1024 * 1024
const maxPlugins = 500
const maxPathsPerPlugin = 500
const maxPathChars = 4096

/**
 * The folders Claude Code plugin manifests in a repository name as holding skills, as posix
 * paths relative to the root (each a skill folder, or a folder of skill folders; the caller
 * tells which). Read as this module understands the format:
 * - `.claude-plugin/marketplace.json`: `{ "metadata"?: { "pluginRoot"?: string }, "plugins": [
 *   { "source": "./dir" | {remote...}, "skills"?: string | string[] } ] }`. A plugin whose
 *   `source` is a string lives in this repository (under `pluginRoot` when given); its `skills/`
 *   folder and the `skills` paths (relative to the plugin's folder) are listed, and so are the
 *   `skills` of the plugin's own `.claude-plugin/plugin.json`. Remote sources are not followed.
 * - `.claude-plugin/plugin.json` at the root: `{ "skills"?: string | string[] }`, relative to
 *   the root (its `skills/` is searched anyway).
 * Other fields are ignored. A manifest over 1 MiB, not JSON or of another shape is
 * INSTALL_GIT_MANIFEST_INVALID; a path leaving the repository INSTALL_GIT_UNSAFE_PATH. Paths that
 * do not exist are left out.
 */
export async function pluginSkillFolders(root: RepoRoot): Promise<string[]> {
  const found: string[] = []
  const marketplace = await readManifest(root, '.', '.claude-plugin/marketplace.json')
  if (marketplace !== undefined) found.push(...(await marketplaceFolders(root, marketplace)))
  const plugin = await readManifest(root, '.', '.claude-plugin/plugin.json')
  if (plugin !== undefined) found.push(...(await pluginPaths(root, '.', plugin)))
  return found
}

interface Manifest {
  readonly file: string
  readonly value: Readonly<Record<string, unknown>>
}

async function marketplaceFolders(root: RepoRoot, manifest: Manifest): Promise<string[]> {
  const base = await pluginRootOf(root, manifest)
  const plugins = manifest.value['plugins'] ?? []
  if (!Array.isArray(plugins)) throw invalid(manifest.file, 'plugins is not an array')
  if (plugins.length > maxPlugins) throw invalid(manifest.file, `more than ${maxPlugins} plugins`)
  if (base === undefined) return []
  const found: string[] = []
  for (const plugin of plugins) {
    if (!isRecord(plugin)) throw invalid(manifest.file, 'a plugin is not an object')
    if (typeof plugin['source'] !== 'string') continue
    const folder = await resolveInRepo(
      root,
      base,
      checkPath(manifest, plugin['source']),
      manifest.file,
    )
    if (folder === undefined) continue
    found.push(
      `${folder}/skills`,
      ...(await pluginPaths(root, folder, { ...manifest, value: plugin })),
    )
    const own = await readManifest(root, folder, '.claude-plugin/plugin.json')
    if (own !== undefined) found.push(...(await pluginPaths(root, folder, own)))
  }
  return found
}

// `metadata.pluginRoot` inside the repository (`.` when absent), or undefined when missing.
async function pluginRootOf(root: RepoRoot, manifest: Manifest): Promise<string | undefined> {
  const metadata = manifest.value['metadata']
  const pluginRoot = isRecord(metadata) ? metadata['pluginRoot'] : undefined
  if (pluginRoot === undefined) return '.'
  if (typeof pluginRoot !== 'string')
    throw invalid(manifest.file, 'metadata.pluginRoot is not a string')
  return resolveInRepo(root, '.', pluginRoot, manifest.file)
}

// The `skills` paths of a plugin entry, resolved inside the repository from `folder`.
async function pluginPaths(root: RepoRoot, folder: string, manifest: Manifest): Promise<string[]> {
  const skills = manifest.value['skills']
  if (skills === undefined) return []
  const paths = typeof skills === 'string' ? [skills] : skills
  if (!Array.isArray(paths)) throw invalid(manifest.file, 'skills is not a string or an array')
  if (paths.length > maxPathsPerPlugin)
    throw invalid(manifest.file, `more than ${maxPathsPerPlugin} skills paths`)
  const found: string[] = []
  for (const path of paths) {
    const resolved = await resolveInRepo(root, folder, checkPath(manifest, path), manifest.file)
    if (resolved !== undefined) found.push(resolved)
  }
  return found
}

function checkPath(manifest: Manifest, path: unknown): string {
  if (typeof path !== 'string' || path === '' || path.length > maxPathChars)
    throw invalid(manifest.file, 'a path is not a non-empty string of at most 4096 characters')
  return path
}

// The manifest at `folder/name` parsed, or undefined when there is none.
async function readManifest(
  root: RepoRoot,
  folder: string,
  name: string,
): Promise<Manifest | undefined> {
  const file = folder === '.' ? name : `${folder}/${name}`
  const resolved = await resolveInRepo(root, folder, name, file)
  if (resolved === undefined) return undefined
  const path = join(root.path, resolved)
  const stats = await lstat(path)
  if (!stats.isFile()) throw invalid(file, 'not a regular file')
  if (stats.size > maxManifestBytes) throw invalid(file, `larger than ${maxManifestBytes} bytes`)
  let value: unknown
  try {
    value = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw invalid(file, 'not valid JSON', error)
  }
  if (!isRecord(value)) throw invalid(file, 'not a JSON object')
  return { file, value }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(file: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.GitManifestInvalid,
    `The plugin manifest ${file} is unusable: ${problem}`,
    {
      hint: 'Fix the manifest in the repository, or name the skill folder with #<ref>&path=<dir>.',
      details: { file, problem },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
