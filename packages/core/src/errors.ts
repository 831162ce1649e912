// The error surface of @skillship/core alone (`@skillship/core/errors`), so a caller that only
// needs codes does not load the parser, YAML or archives.
export { isNetworkErrorCode } from './errors/network-error-codes.js'
export { SkillErrorCode } from './errors/skill-error-codes.js'
export {
  errnoCode,
  isSkillshipError,
  SkillshipError,
  type SkillshipErrorOptions,
} from './errors/skillship-error.js'
