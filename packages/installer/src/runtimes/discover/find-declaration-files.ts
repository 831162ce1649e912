import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { compareText } from '@skillship/core/plain-data'

/** The files of a skill that may declare dependencies, skill-relative and `/`-separated. */
export interface DeclarationFiles {
  /** Every `*.py` file (PEP 723 candidates), sorted. */
  readonly pythonFiles: string[]
  /** `requirements.txt` and `scripts/requirements.txt`, those present. */
  readonly requirementsTxt: string[]
  /** `pyproject.toml` at the root, if present. */
  readonly pyprojectToml: string | undefined
  /** `package.json` and `scripts/package.json`, those present. */
  readonly packageJson: string[]
  /** Every file found above plus npm lockfiles at the root and in `scripts/`. */
  readonly present: ReadonlySet<string>
}

// Folders that hold installed packages or tool state, never the skill's own declarations.
const skippedDirs = new Set(['node_modules', '.venv', 'venv', '__pycache__'])
const rootFiles = new Set([
  'requirements.txt',
  'pyproject.toml',
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
])
const noFiles: ReadonlySet<string> = new Set()
const scriptsFiles = new Set([
  'requirements.txt',
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
])

/**
 * Walks the skill once, reading directory entries only. Dot-folders, installed-package folders and
 * symbolic links (files and folders) are skipped: a link could lead outside the skill.
 */
export async function findDeclarationFiles(skillDir: string): Promise<DeclarationFiles> {
  const pythonFiles: string[] = []
  const present = new Set<string>()
  await walk(skillDir, '', pythonFiles, present)
  pythonFiles.sort(compareText)
  const existing = (paths: string[]) => paths.filter((path) => present.has(path))
  return {
    pythonFiles,
    requirementsTxt: existing(['requirements.txt', 'scripts/requirements.txt']),
    pyprojectToml: present.has('pyproject.toml') ? 'pyproject.toml' : undefined,
    packageJson: existing(['package.json', 'scripts/package.json']),
    present,
  }
}

async function walk(
  root: string,
  relative: string,
  pythonFiles: string[],
  present: Set<string>,
): Promise<void> {
  const entries = await readdir(relative === '' ? root : join(root, relative), {
    withFileTypes: true,
  })
  const declarationNames = declarationNamesIn(relative)
  const subdirs: string[] = []
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    if (entry.isDirectory() && isWalked(entry.name)) subdirs.push(path)
    if (!entry.isFile()) continue
    if (entry.name.endsWith('.py')) pythonFiles.push(path)
    if (declarationNames.has(entry.name)) present.add(path)
  }
  await Promise.all(subdirs.map((subdir) => walk(root, subdir, pythonFiles, present)))
}

function declarationNamesIn(relative: string): ReadonlySet<string> {
  if (relative === '') return rootFiles
  return relative === 'scripts' ? scriptsFiles : noFiles
}

function isWalked(dirName: string): boolean {
  return !dirName.startsWith('.') && !skippedDirs.has(dirName)
}
