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
