import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests need no build first.
  ssr: { resolve: { conditions: ['skillship-source'] } },
  test: {
    include: [
      '{packages,apps}/*/{src,test}/**/*.test.ts',
      'test/**/*.test.ts',
      'e2e/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    testTimeout: 30_000,
    // Suites start servers and build fixtures in hooks; a loaded 2-core machine needs the room.
    hookTimeout: 60_000,
  },
})
