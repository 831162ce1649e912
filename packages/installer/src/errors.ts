// The error surface of @skillship/installer alone (`@skillship/installer/errors`), so a caller that
// only needs codes (the CLI's exit-code table) loads no installer code.
export { InstallErrorCode } from './errors/install-error-codes.js'
export { RuntimeErrorCode } from './errors/runtime-error-codes.js'
