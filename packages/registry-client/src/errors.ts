// The error surface of @skillship/registry-client alone (`@skillship/registry-client/errors`).
export { ExperimentErrorCode } from './errors/experiment-error-codes.js'
export { RegistryErrorCode } from './errors/registry-error-codes.js'
export { ServeErrorCode } from './errors/serve-error-codes.js'
