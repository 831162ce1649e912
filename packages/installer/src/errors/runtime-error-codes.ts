/** Stable codes of isolated runtimes (documented in docs/errors.md). */
export const RuntimeErrorCode = {
  /** A dependency declaration (PEP 723 block, requirements.txt, pyproject.toml, package.json) cannot be read. */
  DeclarationInvalid: 'RUNTIME_DECLARATION_INVALID',
  /** Two files of one skill declare the same dependency (or interpreter) differently. */
  DependencyConflict: 'RUNTIME_DEPENDENCY_CONFLICT',
  /** No Python interpreter on this machine satisfies the skill's `requires-python`. */
  PythonNotFound: 'RUNTIME_PYTHON_NOT_FOUND',
  /** The running Node does not satisfy the skill's `engines.node`, or npm is missing. */
  NodeUnsupported: 'RUNTIME_NODE_UNSUPPORTED',
  /** Creating an environment failed (venv, pip, uv or npm exited non-zero); nothing was put in place. */
  EnvBuildFailed: 'RUNTIME_ENV_BUILD_FAILED',
  /** An environment on disk is damaged (marker, interpreter or packages missing or changed). */
  EnvCorrupt: 'RUNTIME_ENV_CORRUPT',
  /** A skill needs an environment that has not been built on this machine yet. */
  EnvMissing: 'RUNTIME_ENV_MISSING',
  /** `skillship run` named a skill that is not installed here. */
  SkillNotInstalled: 'RUNTIME_SKILL_NOT_INSTALLED',
  /** `skillship run` named a script that the skill does not contain (or that escapes it). */
  ScriptNotFound: 'RUNTIME_SCRIPT_NOT_FOUND',
  /** The script's kind (by extension or shebang) has no runner. */
  ScriptUnsupported: 'RUNTIME_SCRIPT_UNSUPPORTED',
} as const

export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode]
