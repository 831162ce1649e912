import { linkSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The filesystem work placing skills into more agent folders adds, counted in syscalls. */
export interface PlacementWork {
  /** Real folder sets: one staged folder per skill with its subfolders, files hard-linked. */
  readonly folderSets: number
  /** Folder sets of symlinks, one per skill. */
  readonly linkSets: number
  readonly skills: number
  /** Folders per skill (the skill folder included) and files per skill. */
  readonly foldersPerSkill: number
  readonly filesPerSkill: number
}

/**
 * Wall milliseconds of just the syscalls `work` needs (mkdir, link, rename, symlink), made in the
 * fresh folder `root` with nothing else around them: the least any installer pays for that
 * placement on this machine's filesystem. `root` is left for the caller to remove.
 */
export function placementFloorMs(root: string, work: PlacementWork): number {
  mkdirSync(join(root, 'staging'), { recursive: true })
  mkdirSync(join(root, 'placed'))
  const source = join(root, 'source')
  writeFileSync(source, 'x')
  const started = performance.now()
  for (let set = 0; set < work.folderSets; set += 1) {
    for (let skill = 0; skill < work.skills; skill += 1) {
      const built = join(root, 'staging', `${set}-${skill}`)
      mkdirSync(built)
      for (let folder = 1; folder < work.foldersPerSkill; folder += 1) {
        mkdirSync(join(built, `f${folder}`))
      }
      for (let file = 0; file < work.filesPerSkill; file += 1)
        linkSync(source, join(built, `${file}`))
      renameSync(built, join(root, 'placed', `${set}-${skill}`))
    }
  }
  for (let set = 0; set < work.linkSets; set += 1) {
    for (let skill = 0; skill < work.skills; skill += 1) {
      symlinkSync(`../placed/0-${skill}`, join(root, 'placed', `link-${set}-${skill}`))
    }
  }
  return performance.now() - started
}

/** The syscalls of `work`, counted for the benchmark table (e.g. "400 mkdir, 500 link, 100 rename"). */
export function floorSyscalls(work: PlacementWork): string {
  const sets = work.folderSets * work.skills
  const counts: [number, string][] = [
    [sets * work.foldersPerSkill, 'mkdir'],
    [sets * work.filesPerSkill, 'link'],
    [sets, 'rename'],
    [work.linkSets * work.skills, 'symlink'],
  ]
  return counts
    .filter(([count]) => count > 0)
    .map(([count, call]) => `${count} ${call}`)
    .join(', ')
}

/** The filesystem work of adding skills to a content store laid out as skillship's (v1). */
export interface StoreWork extends Pick<PlacementWork, 'foldersPerSkill' | 'filesPerSkill'> {
  readonly entries: number
  /** Bytes per file. */
  readonly fileBytes: number
}

/**
 * Wall milliseconds of just the syscalls that adding `work.entries` entries takes, made in the
 * fresh folder `root`: per entry a staging folder, its `skill/` folder and subfolders, every file
 * created and written, an index file, the fan-out folder and the rename into place. No unpacking,
 * hashing or sealing: the least any store of this layout pays on this filesystem.
 */
export function storeFloorMs(root: string, work: StoreWork): number {
  mkdirSync(join(root, 'tmp'), { recursive: true })
  mkdirSync(join(root, 'v1'))
  const bytes = new Uint8Array(work.fileBytes).fill(120)
  const started = performance.now()
  for (let entry = 0; entry < work.entries; entry += 1) {
    const staging = join(root, 'tmp', `entry-${entry}`)
    const skill = join(staging, 'skill')
    mkdirSync(staging)
    mkdirSync(skill)
    for (let folder = 1; folder < work.foldersPerSkill; folder += 1) {
      mkdirSync(join(skill, `f${folder}`))
    }
    for (let file = 0; file < work.filesPerSkill; file += 1) {
      writeFileSync(join(skill, `${file}`), bytes)
    }
    writeFileSync(join(staging, 'index.json'), bytes)
    // The fan-out folder: the first two hex digits of the digest (entries spread over 256).
    const fanOut = join(root, 'v1', (entry * 97).toString(16).padStart(2, '0').slice(-2))
    mkdirSync(fanOut, { recursive: true })
    renameSync(staging, join(fanOut, `entry-${entry}`))
  }
  return performance.now() - started
}
