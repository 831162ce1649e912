// The public API of @skillship/server, used by the `skillship server` command and by tests.

export { ServeErrorCode } from '@skillship/registry-client/errors'
export { createRegistryApp } from './app/create-registry-app.js'
export { reauditOffline, signOffline } from './app/offline-maintenance.js'
export { createTokenOffline, listTokensOffline } from './app/offline-tokens.js'
export type { RegistryDeps } from './app/registry-deps.js'
export { seedSkills } from './app/seed-skills.js'
export { type RunningServer, startServer } from './app/start-server.js'
export type { ReauditResult, ReauditStep } from './audit/reaudit-versions.js'
export { issueToken } from './auth/issue-token.js'
export {
  defaultPort,
  parseServerConfig,
  type ServerConfig,
  type ServerFlags,
} from './config/server-config.js'
export { loadConsoleAssets } from './console/console-assets.js'
export { createBusyRefusals } from './http/busy-fast-path.js'
export { errorStatus } from './http/error-status.js'
export { createLocalInvalidationBus } from './invalidation/create-local-invalidation-bus.js'
export { createServingCaches } from './load/create-serving-caches.js'
export { createLogger } from './logging/create-logger.js'
export { createServeMetrics } from './metrics/serve-metrics.js'
export { type KeyRotation, rotateRegistryKeys } from './signing/rotate-registry-keys.js'
export { createLoadRecorder } from './stats/load-recorder.js'
export { createStorage } from './storage/create-storage.js'
