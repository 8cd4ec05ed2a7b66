import { Effect } from "effect"
import type { Scope } from "../scope.ts"

/** What every SDK v3 client has: `destroy` closes its connection pool. */
interface SdkClient {
  destroy(): void
}

/**
 * SDK clients made on first use for a Region and an access key, and kept for the life of the layer that asked:
 * every client holds its own connection pool, so a session reading many resources reuses one client per service
 * and Region rather than opening a pool per call. The clients are closed when the layer is released.
 */
export const clientsByScope = <C extends SdkClient>(make: (scope: Scope) => C) =>
  Effect.gen(function* () {
    const clients = new Map<string, C>()
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const client of clients.values()) client.destroy()
        clients.clear()
      }),
    )
    return (scope: Scope): C => {
      const key = `${scope.region}|${scope.credentials?.accessKeyId ?? ""}`
      const cached = clients.get(key)
      if (cached !== undefined) return cached
      const client = make(scope)
      clients.set(key, client)
      return client
    }
  })
