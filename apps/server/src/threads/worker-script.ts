import type { WorkerOptions } from 'node:worker_threads'

/**
 * The script and options of the worker thread `name` that lives beside the module at `callerUrl`
 * (its `import.meta.url`): `<name>.js` there in built code (the TypeScript build, and the CLI
 * bundle, which emits one per worker beside the server's code: scripts/bundle-cli.mjs), or, when
 * running from TypeScript sources (tests), ts-worker-from-source.mjs loading `<name>.ts` through
 * tsx with the workspace's `skillship-source` condition.
 */
export function workerScript(
  callerUrl: string,
  name: string,
): { readonly source: URL; readonly options: WorkerOptions } {
  if (!callerUrl.endsWith('.ts')) return { source: new URL(`./${name}.js`, callerUrl), options: {} }
  return {
    source: new URL('./ts-worker-from-source.mjs', import.meta.url),
    options: {
      execArgv: ['--conditions', 'skillship-source'],
      argv: [new URL(`./${name}.ts`, callerUrl).href],
    },
  }
}
