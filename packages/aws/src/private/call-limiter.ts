import type { CallLimit } from "../call-limits.ts"

/** Buckets kept before idle ones are swept (sessions come and go in a scan of a large organization). */
const bucketsBeforeSweep = 4_096

interface Bucket {
  tokens: number
  at: number
}

interface Gate {
  available: number
  readonly waiting: Array<() => void>
}

const aborted = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error
    ? signal.reason
    : Object.assign(new Error("aborted"), { name: "AbortError" })

/** Waits `millis`, or fails as soon as `signal` aborts. */
const pause = (millis: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal))
    const onAbort = () => {
      clearTimeout(timer)
      reject(aborted(signal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolve()
    }, millis)
    signal?.addEventListener("abort", onAbort, { once: true })
  })

/**
 * Holds calls to the call limits: a token bucket per (rule, partition) that hands out reservations in order (a
 * call takes a token, possibly going into debt, and waits until its token would have been there), and a gate of
 * permits per (rule, partition) for concurrency. Calls that wait are served first come, first served.
 */
export class CallLimiter {
  readonly #rules: ReadonlyArray<CallLimit>
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()
  readonly #gates = new Map<string, Gate>()
  #sweptAt = Number.NEGATIVE_INFINITY

  constructor(rules: ReadonlyArray<CallLimit>, now: () => number = () => performance.now()) {
    this.#rules = rules
    this.#now = now
  }

  /** Token buckets held now (one per rule and partition that was used and is not yet swept): for tests and metrics. */
  get bucketCount(): number {
    return this.#buckets.size
  }

  /** Whether any rule applies to calls of `service`. */
  limits(service: string): boolean {
    return this.#rules.some((rule) => rule.service === service)
  }

  /** Waits until a call may start; resolves with the function to call once it has ended. */
  async acquire(
    service: string,
    operation: string,
    partition: string,
    signal?: AbortSignal,
  ): Promise<() => void> {
    const rules = this.#rules
      .map((rule, index) => ({ rule, key: `${index}|${partition}` }))
      .filter(
        ({ rule }) =>
          rule.service === service && (rule.operation === undefined || rule.operation === operation),
      )
    const held: Gate[] = []
    const release = () => {
      for (const gate of held.splice(0)) this.#leave(gate)
    }
    try {
      for (const { rule, key } of rules)
        if (rule.concurrency !== undefined) held.push(await this.#enter(key, rule.concurrency, signal))
      let wait = 0
      for (const { rule, key } of rules)
        if (rule.perSecond !== undefined)
          wait = Math.max(wait, this.#reserve(key, rule.perSecond, rule.burst))
      if (wait > 0) await pause(wait, signal)
      return release
    } catch (error) {
      release()
      throw error
    }
  }

  /** Takes a token now and answers how long to wait until it is covered. */
  #reserve(key: string, perSecond: number, burst: number | undefined): number {
    const size = burst ?? Math.max(1, perSecond)
    const now = this.#now()
    if (this.#buckets.size >= bucketsBeforeSweep && now - this.#sweptAt > 1000) this.#sweep(now)
    const bucket = this.#buckets.get(key) ?? { tokens: size, at: now }
    bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.at) / 1000) * perSecond) - 1
    bucket.at = now
    this.#buckets.set(key, bucket)
    return bucket.tokens >= 0 ? 0 : (-bucket.tokens / perSecond) * 1000
  }

  /** Forgets buckets idle long enough to be full again: a new one starts full, so nothing changes for them. */
  #sweep(now: number): void {
    this.#sweptAt = now
    for (const [key, bucket] of this.#buckets) {
      const rule = this.#rules[Number(key.slice(0, key.indexOf("|")))]
      const perSecond = rule?.perSecond ?? 1
      const size = rule?.burst ?? Math.max(1, perSecond)
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= size) this.#buckets.delete(key)
    }
  }

  #enter(key: string, size: number, signal: AbortSignal | undefined): Promise<Gate> {
    let gate = this.#gates.get(key)
    if (gate === undefined) {
      gate = { available: size, waiting: [] }
      this.#gates.set(key, gate)
    }
    const entered = gate
    if (entered.available > 0) {
      entered.available--
      return Promise.resolve(entered)
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(aborted(signal))
      const admit = () => {
        signal?.removeEventListener("abort", onAbort)
        resolve(entered)
      }
      const onAbort = () => {
        const at = entered.waiting.indexOf(admit)
        if (at >= 0) entered.waiting.splice(at, 1)
        reject(aborted(signal))
      }
      entered.waiting.push(admit)
      signal?.addEventListener("abort", onAbort, { once: true })
    })
  }

  /** Hands the permit to the next call waiting, or back to the gate. */
  #leave(gate: Gate): void {
    const next = gate.waiting.shift()
    if (next !== undefined) next()
    else gate.available++
  }
}
