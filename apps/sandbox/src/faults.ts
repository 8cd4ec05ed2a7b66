import { compileGlob } from "@rampart/scp"
import { ServiceError } from "./service-error.ts"

/** A delay added before answering. */
export type LatencySpec =
  | { readonly fixedMs: number }
  | { readonly minMs: number; readonly maxMs: number }
  | { readonly meanMs: number; readonly stdDevMs: number }

/**
 * A token bucket per (account, Region, API): `ratePerSecond` tokens refill, up to `burst`. With `shared`, every
 * API the pattern matches draws from one bucket per account and Region (a quota on a service's reads as a whole).
 */
export interface ThrottleSpec {
  /** `service:Operation` pattern (`config:Describe*`, `sts:*`), as the IAM action would be written. */
  readonly api: string
  readonly ratePerSecond: number
  readonly burst?: number
  readonly shared?: boolean
}

/** What can go wrong on purpose, set in the scenario and changed at run time through the admin endpoint. */
export interface FaultSettings {
  /** `service:Operation` pattern -> latency; the first matching pattern applies. */
  readonly latency?: Readonly<Record<string, LatencySpec>>
  readonly throttles?: ReadonlyArray<ThrottleSpec>
  /** Share of calls (0..1) answered with a 500 or 503. */
  readonly errorRate?: number
  /** Share of calls (0..1) answered with the service's throttling error, whatever the rate. */
  readonly throttleRate?: number
  /** Calls made in these accounts fail as if the account could not be reached. */
  readonly unreachableAccounts?: ReadonlyArray<string>
  /** Seed of the random choices, for repeatable runs. */
  readonly seed?: number
}

/** A call about to be handled. */
export interface FaultCall {
  readonly service: string
  readonly operation: string
  readonly account: string
  readonly region: string
}

const throttleCode: Readonly<Record<string, { code: string; status: number }>> = {
  organizations: { code: "TooManyRequestsException", status: 400 },
  sts: { code: "Throttling", status: 400 },
  iam: { code: "Throttling", status: 400 },
  rds: { code: "Throttling", status: 400 },
  backup: { code: "ThrottlingException", status: 429 },
}

/** The error a service throttles with. */
const throttled = (service: string): ServiceError => {
  const { code, status } = throttleCode[service] ?? { code: "ThrottlingException", status: 400 }
  return new ServiceError(code, "Rate exceeded", { status })
}

/** API names match case-insensitively, as IAM action names do. */
const apiPattern = (pattern: string): ((api: string) => boolean) => {
  const glob = compileGlob(pattern, true)
  return (api) => glob(api.toLowerCase())
}

/**
 * Injects latency, throttling, random server errors and unreachable accounts. Throttling answers like AWS
 * (`ThrottlingException`, `TooManyRequestsException`, `Throttling`), so SDK retry strategies recognise it.
 */
export class Faults {
  #settings: FaultSettings = {}
  #latency: Array<{ readonly matches: (api: string) => boolean; readonly spec: LatencySpec }> = []
  #throttles: Array<{ readonly matches: (api: string) => boolean; readonly spec: ThrottleSpec }> = []
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  #random: () => number = Math.random

  constructor(settings: FaultSettings = {}) {
    this.configure(settings)
  }

  /** The settings in force. */
  get settings(): FaultSettings {
    return this.#settings
  }

  /** Replaces the settings (buckets start full again). */
  configure(settings: FaultSettings): void {
    this.#settings = settings
    this.#latency = Object.entries(settings.latency ?? {}).map(([api, spec]) => ({
      matches: apiPattern(api),
      spec,
    }))
    this.#throttles = (settings.throttles ?? []).map((spec) => ({ matches: apiPattern(spec.api), spec }))
    this.#buckets.clear()
    let seed = settings.seed ?? 0
    this.#random =
      settings.seed === undefined
        ? Math.random
        : () => {
            seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
            return seed / 2_147_483_648
          }
  }

  /** Waits the configured latency, then answers the fault this call meets, if any. */
  async before(call: FaultCall): Promise<ServiceError | undefined> {
    const api = `${call.service}:${call.operation}`
    const latency = this.#latency.find((l) => l.matches(api))?.spec
    if (latency) {
      const ms = this.#delay(latency)
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
    }
    if (this.#settings.unreachableAccounts?.includes(call.account)) {
      return new ServiceError("ServiceUnavailable", `account ${call.account} cannot be reached`, {
        status: 503,
      })
    }
    for (const throttle of this.#throttles) {
      if (!throttle.matches(api)) continue
      const bucket = throttle.spec.shared ? `pattern:${throttle.spec.api}` : api
      if (!this.#take(`${call.account}/${call.region}/${bucket}`, throttle.spec))
        return throttled(call.service)
    }
    const throttleRate = this.#settings.throttleRate ?? 0
    if (throttleRate > 0 && this.#random() < throttleRate) return throttled(call.service)
    const rate = this.#settings.errorRate ?? 0
    if (rate > 0 && this.#random() < rate) {
      return this.#random() < 0.5
        ? new ServiceError("InternalFailure", "We encountered an internal error. Please try again.", {
            status: 500,
          })
        : new ServiceError("ServiceUnavailable", "Service is unavailable. Please try again.", { status: 503 })
    }
    return undefined
  }

  #take(key: string, spec: ThrottleSpec): boolean {
    const burst = spec.burst ?? Math.max(1, spec.ratePerSecond)
    const now = performance.now()
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * spec.ratePerSecond)
    bucket.at = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  #delay(spec: LatencySpec): number {
    if ("fixedMs" in spec) return spec.fixedMs
    if ("minMs" in spec) return spec.minMs + this.#random() * (spec.maxMs - spec.minMs)
    // Box-Muller: a normal draw, never below zero.
    const u = Math.max(this.#random(), 1e-12)
    const v = this.#random()
    return Math.max(0, spec.meanMs + spec.stdDevMs * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v))
  }
}
