// Starts a worker thread from its TypeScript source (tests and development run the sources):
// registers tsx in this thread, then loads the module whose file URL is the last argument
// (threads/worker-script.ts passes it). Built code never uses this file.
import { register } from 'tsx/esm/api'

register()
await import(process.argv[process.argv.length - 1])
