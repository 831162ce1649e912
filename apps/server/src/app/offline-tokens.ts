import type { CreatedToken, TokenInfo } from '@skillship/registry-client'
import { issueToken } from '../auth/issue-token.js'
import type { ServerConfig } from '../config/server-config.js'
import { createStorage } from '../storage/create-storage.js'

/**
 * Creates a token straight in the server's storage (the embedded data folder or DATABASE_URL),
 * without a running server: how the first admin token comes to exist.
 */
export async function createTokenOffline(
  config: ServerConfig,
  request: { name: string; scopes: readonly string[] },
): Promise<CreatedToken> {
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  })
  try {
    return await issueToken(storage.metadata, request)
  } finally {
    await storage.close()
  }
}

/** Lists tokens straight from storage (never their secrets, which are not stored). */
export async function listTokensOffline(config: ServerConfig): Promise<TokenInfo[]> {
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  })
  try {
    return (await storage.metadata.listTokens()).map((t) => ({
      id: t.id,
      name: t.name,
      scopes: t.scopes,
      createdAt: t.createdAt.toISOString(),
    }))
  } finally {
    await storage.close()
  }
}
