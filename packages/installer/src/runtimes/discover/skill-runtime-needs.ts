/** What a skill's Python scripts need, merged from every declaration in the skill. */
export interface PythonNeeds {
  /** Every declared `requires-python` clause, deduplicated and joined with `,`; undefined if none. */
  readonly requiresPython: string | undefined
  /** Normalised PEP 508 requirements (see `normalizeRequirement`), sorted and deduplicated. */
  readonly requirements: string[]
  /** Skill-relative, `/`-separated files that declared something, sorted. */
  readonly declaredIn: string[]
}

/** What a skill's Node scripts need, from its one `package.json` with dependencies. */
export interface NodeNeeds {
  /** Skill-relative, `/`-separated path of the `package.json`. */
  readonly packageJson: string
  readonly dependencies: Record<string, string>
  /** `engines.node`, a semver range. */
  readonly engines: string | undefined
  /** Skill-relative `npm-shrinkwrap.json` or `package-lock.json` beside the `package.json`. */
  readonly lockfile: string | undefined
}

/** The runtimes a skill needs; undefined where it declares nothing for that runtime. */
export interface SkillRuntimeNeeds {
  readonly python: PythonNeeds | undefined
  readonly node: NodeNeeds | undefined
}
