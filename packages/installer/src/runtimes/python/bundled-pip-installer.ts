import { findBundledPipWheel } from './find-bundled-pip-wheel.js'
import type { PythonInstaller } from './install-python-packages.js'
import type { PythonInterpreter } from './interpreters.js'
import { unpackBundledPip } from './unpack-bundled-pip.js'

/**
 * pip for building a venv of `interpreter`: the pip wheel the interpreter bundles, unpacked once
 * into `<envsRoot>/.pip` and run by the venv's own python, so the venv is created `--without-pip`
 * (ensurepip costs ~2.5 s per venv, and left pip and setuptools in every environment, which no
 * skill asked for). Without a bundled wheel, the venv's own pip, installed by ensurepip.
 */
export async function bundledPipInstaller(
  envsRoot: string,
  interpreter: PythonInterpreter,
  env: NodeJS.ProcessEnv,
): Promise<PythonInstaller> {
  const wheel = await findBundledPipWheel(interpreter, env)
  if (wheel === undefined) return { kind: 'pip' }
  const dir = await unpackBundledPip(envsRoot, wheel, interpreter, env)
  return { kind: 'pip', unpacked: { dir, version: wheel.version } }
}
