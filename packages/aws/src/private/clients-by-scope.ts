import { Agent as HttpAgent } from "node:http"
import { Agent as HttpsAgent } from "node:https"
import { Effect } from "effect"
import { CallLimits } from "../call-limits.ts"
import type { Scope } from "../scope.ts"
import { CallLimiter } from "./call-limiter.ts"
import { limitCalls } from "./limited-client.ts"

/** What every SDK v3 client has: `destroy` closes its request handler. */
interface SdkClient {
  destroy(): void
}

/** The connection pools every client of a layer shares, as the SDK's `requestHandler` option takes them. */
export interface SharedConnections {
  readonly requestHandler: { readonly httpAgent: HttpAgent; readonly httpsAgent: HttpsAgent }
}

/** Clients kept per layer; the least recently used beyond this are let go (sessions come and go in a scan). */
const maxClients = 96

/** Connections per host: the scan's concurrency with room to spare. */
const socketsPerHost = 128

/** An agent a client's `destroy` cannot close: the layer closes it when it is released. */
const shared = <A extends HttpAgent | HttpsAgent>(agent: A): A & { readonly close: () => void } => {
  const close = agent.destroy.bind(agent)
  return Object.assign(agent, { destroy: () => {}, close })
}

/** The partition a client's calls are limited in: its session (access key) and Region. */
const partitionOf = (scope: Scope): string => `${scope.region}|${scope.credentials?.accessKeyId ?? "default"}`

/**
 * SDK clients made on first use for a Region and an access key: a session reading many resources reuses one
 * client per service and Region. Every client of the layer shares one pool of keep-alive connections, so a scan
 * over thousands of sessions opens connections per host, not per session, and at most `maxClients` clients are
 * kept (the least recently used are let go). Each client's calls keep to the call limits in force when the layer
 * is built (`CallLimits`), per session and Region. The connections close when the layer is released.
 */
export const clientsByScope = <C extends SdkClient>(
  service: string,
  make: (scope: Scope, connections: SharedConnections) => C,
) =>
  Effect.gen(function* () {
    const limiter = new CallLimiter(yield* CallLimits)
    const httpAgent = shared(new HttpAgent({ keepAlive: true, maxSockets: socketsPerHost }))
    const httpsAgent = shared(new HttpsAgent({ keepAlive: true, maxSockets: socketsPerHost }))
    const connections: SharedConnections = { requestHandler: { httpAgent, httpsAgent } }
    const clients = new Map<string, C>()
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const client of clients.values()) client.destroy()
        clients.clear()
        httpAgent.close()
        httpsAgent.close()
      }),
    )
    return (scope: Scope): C => {
      const key = partitionOf(scope)
      const cached = clients.get(key)
      if (cached !== undefined) {
        // Most recently used last: a Map keeps insertion order.
        clients.delete(key)
        clients.set(key, cached)
        return cached
      }
      const client = limitCalls(make(scope, connections), limiter, service, key)
      clients.set(key, client)
      if (clients.size > maxClients) {
        const [oldest, evicted] = clients.entries().next().value as [string, C]
        clients.delete(oldest)
        // Its connections are the shared pool's: calls still in flight on it finish.
        evicted.destroy()
      }
      return client
    }
  })
