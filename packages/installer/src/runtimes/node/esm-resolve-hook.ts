import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The module that `--import` loads to register the resolve hook (in the environment's folder). */
export const esmRegisterName = 'skillship-esm-register.mjs'
const esmResolveName = 'skillship-esm-resolve.mjs'

// ESM `import` ignores NODE_PATH. This hook keeps Node's resolution and only when a bare specifier
// is not found from the importing file retries it from the environment's folder.
const registerSource = `import { register } from 'node:module'
register('./${esmResolveName}', import.meta.url)
`

const resolveSource = `const fromEnvironment = new URL('./package.json', import.meta.url).href
const notBare = /^(?:\\.{0,2}\\/|[a-zA-Z][a-zA-Z0-9+.-]*:|#)/

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || notBare.test(specifier)) throw error
    return nextResolve(specifier, { ...context, parentURL: fromEnvironment })
  }
}
`

/** The hook's files, for checks. */
export const esmHookFiles = [esmRegisterName, esmResolveName] as const

/** Writes the ESM resolve hook into the environment being built in `envDir`. */
export async function writeEsmResolveHook(envDir: string): Promise<void> {
  await writeFile(join(envDir, esmRegisterName), registerSource)
  await writeFile(join(envDir, esmResolveName), resolveSource)
}
