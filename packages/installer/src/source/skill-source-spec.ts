/**
 * Where a skill comes from, as written in skillship.json (`"pdf": "^1.2.0"`) or on the command
 * line (`pdf@^1.2.0`, `file:./skills/pdf`, `./pdf.tgz`, `https://host/pdf.zip`,
 * `git+https://host/repo.git#v1.0.0&path=skills/pdf`, `git+file:///abs/repo#main`).
 */
export type SkillSourceSpec =
  | { readonly kind: 'registry'; readonly name: string; readonly range: string }
  /** A local folder; `link` installs it as a symlink to the folder itself (for development). */
  | { readonly kind: 'directory'; readonly path: string; readonly link: boolean }
  /** A .tgz or .zip: an absolute file path or an https URL. */
  | { readonly kind: 'archive'; readonly location: string }
  /** A git repository; `ref` is a branch, tag or commit (default HEAD); `subpath` the skill folder in it. */
  | {
      readonly kind: 'git'
      readonly url: string
      readonly ref: string | undefined
      readonly subpath: string | undefined
    }

/** What the lockfile records about where a version came from: enough to fetch it again, exactly. */
export type LockedSource =
  | {
      readonly type: 'registry'
      readonly registry: string
      readonly name: string
      readonly version: string
    }
  | { readonly type: 'directory'; readonly path: string; readonly link: boolean }
  | { readonly type: 'archive'; readonly location: string }
  | {
      readonly type: 'git'
      readonly url: string
      readonly commit: string
      readonly subpath: string | undefined
    }
