import type { SandboxClock } from "./clock.ts"
import type { FaultSettings, Faults } from "./faults.ts"
import type { WireRequest, WireResponse } from "./protocol/wire.ts"
import type { SandboxStore } from "./state/store.ts"

const json = (status: number, value: unknown): WireResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
})

/**
 * The sandbox's own endpoints under `/_sandbox/`: health, the simulated clock (read, advance), the fault settings
 * (read, replace) and a summary of the state. They take no AWS signature: the sandbox listens on loopback.
 */
export const adminEndpoints =
  (parts: {
    readonly store: SandboxStore
    readonly clock: SandboxClock
    readonly faults: Faults
    readonly scenario: string
  }) =>
  (request: WireRequest): WireResponse | undefined => {
    if (!request.path.startsWith("/_sandbox/")) return undefined
    const route = `${request.method} ${request.path.replace(/\/$/, "")}`
    const body = (): Record<string, unknown> | undefined => {
      try {
        const value: unknown = JSON.parse(request.body.toString("utf8") || "{}")
        return value !== null && typeof value === "object" && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : undefined
      } catch {
        return undefined
      }
    }
    switch (route) {
      case "GET /_sandbox/health":
        return json(200, {
          ok: true,
          scenario: parts.scenario,
          time: new Date(parts.clock.now()).toISOString(),
        })
      case "GET /_sandbox/clock":
        return json(200, { now: new Date(parts.clock.now()).toISOString(), timeScale: parts.clock.timeScale })
      case "POST /_sandbox/clock/advance": {
        const seconds = body()?.seconds
        if (typeof seconds !== "number" || !(seconds >= 0))
          return json(400, { error: 'give {"seconds": N} with N >= 0' })
        parts.clock.advance(seconds * 1000)
        parts.store.touch("meta")
        parts.store.flush(parts.clock.now())
        return json(200, { now: new Date(parts.clock.now()).toISOString() })
      }
      case "GET /_sandbox/faults":
        return json(200, parts.faults.settings)
      case "PUT /_sandbox/faults": {
        const settings = body()
        if (!settings) return json(400, { error: "give the fault settings as a JSON object" })
        parts.faults.configure(settings as FaultSettings)
        return json(200, parts.faults.settings)
      }
      case "GET /_sandbox/state": {
        const org = parts.store.organization
        return json(200, {
          organization: org
            ? {
                id: org.id,
                accounts: Object.keys(org.accounts).length,
                ous: Object.keys(org.ous).length,
                policies: Object.keys(org.policies).length,
              }
            : null,
          accountsWithState: parts.store.accounts.size,
          credentials: parts.store.credentials.size,
        })
      }
      default:
        return json(404, { error: `no sandbox endpoint ${route}` })
    }
  }
