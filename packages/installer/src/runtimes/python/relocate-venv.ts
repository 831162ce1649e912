import { lstat, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { venvBinDir } from '../../shared/helpers.js'

/**
 * Rewrites the venv's own absolute path `from` to `to` wherever venv, pip and uv embed it: the
 * shebangs of console scripts and the activate scripts in bin/, and pyvenv.cfg. Call it on the
 * staging folder right before renaming it to `to`, so `bin/<script>` keeps working after the
 * rename. Symlinks and binary files (a NUL byte) are left alone: rewriting a path of another
 * length would corrupt a binary. Compiled `.pyc` files need nothing: Python corrects their
 * recorded source path when it loads them.
 */
export async function relocateVenv(envPath: string, from: string, to: string): Promise<void> {
  const bin = venvBinDir(envPath)
  const names = await readdir(bin)
  const files = [...names.map((name) => join(bin, name)), join(envPath, 'pyvenv.cfg')]
  await Promise.all(files.map((file) => rewriteFile(file, Buffer.from(from), Buffer.from(to))))
}

async function rewriteFile(file: string, needle: Buffer, replacement: Buffer): Promise<void> {
  const stats = await lstat(file)
  if (!stats.isFile()) return
  const bytes = await readFile(file)
  if (bytes.includes(0) || !bytes.includes(needle)) return
  // Replaced byte for byte (latin1 maps bytes 1:1), so text in any encoding survives. writeFile on
  // an existing file truncates it in place, keeping its mode: scripts stay executable.
  const text = bytes
    .toString('latin1')
    .replaceAll(needle.toString('latin1'), replacement.toString('latin1'))
  await writeFile(file, Buffer.from(text, 'latin1'))
}
