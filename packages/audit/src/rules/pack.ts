import { dataRules } from './pack-data.js'
import { executionRules } from './pack-execution.js'
import { instructionRules } from './pack-instructions.js'
import { systemRules } from './pack-system.js'
import type { Rule } from './rule.js'

/**
 * The versioned rule pack. Bump `version` whenever a rule is added, removed or changes what it
 * matches, and when the analysis around the rules changes what they see (2026.12.3: Python and
 * shell parsed): stored verdicts carry it, so a new pack re-judges what an older one passed.
 */
export const rulePack: { readonly version: string; readonly rules: readonly Rule[] } = {
  version: '2026.12.3',
  rules: [...instructionRules, ...executionRules, ...dataRules, ...systemRules],
}
