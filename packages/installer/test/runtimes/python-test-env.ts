import { devNull } from 'node:os'
import { delimiter } from 'node:path'

/**
 * Test support: `process.env` without this machine's pip settings (PIP_* variables; pip.conf via
 * PIP_CONFIG_FILE=devnull), installing only from `wheelDir` (SKILLSHIP_PIP_ARGS), with uv off
 * unless `useUv`, and with PATH limited to `pathDirs` when given.
 */
export function pythonTestEnv(
  wheelDir: string,
  options: { readonly useUv?: boolean; readonly pathDirs?: readonly string[] } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('PIP_') && !name.startsWith('UV_')) env[name] = value
  }
  env['PIP_CONFIG_FILE'] = devNull
  env['PIP_NO_CACHE_DIR'] = '1'
  env['SKILLSHIP_PIP_ARGS'] = `--no-index --find-links '${wheelDir}'`
  env['SKILLSHIP_USE_UV'] = options.useUv === true ? '1' : '0'
  if (options.pathDirs !== undefined) env['PATH'] = options.pathDirs.join(delimiter)
  return env
}
