// Starts the audit worker from its TypeScript source (tests and development run the sources):
// registers tsx in this worker thread, then loads audit-worker.ts. Built code never uses this file.
import { register } from 'tsx/esm/api'

register()
await import(new URL('./audit-worker.ts', import.meta.url).href)
