import { describe, expect, it } from "vitest"
import { CallLimiter } from "./call-limiter.ts"

/** Runs `count` calls of `millis` each through the limiter at once; when each started, from the first. */
const startTimes = async (
  limiter: CallLimiter,
  count: number,
  millis: number,
  partition = "p",
): Promise<{ readonly starts: number[]; readonly peak: number }> => {
  const begin = performance.now()
  let inFlight = 0
  let peak = 0
  const starts = await Promise.all(
    Array.from({ length: count }, async () => {
      const done = await limiter.acquire("config", "DescribeConformancePacks", partition)
      const started = performance.now() - begin
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, millis))
      inFlight--
      done()
      return started
    }),
  )
  return { starts: starts.sort((a, b) => a - b), peak }
}

describe("CallLimiter", () => {
  it("lets a burst through at once, then one call per 1/rate seconds", async () => {
    const limiter = new CallLimiter([{ service: "config", perSecond: 20, burst: 5 }])
    const { starts } = await startTimes(limiter, 15, 0)
    // Five at once; the other ten at 20/s take at least 10/20 s (timers never fire early).
    expect(starts[4]).toBeLessThan(40)
    expect(starts[14]).toBeGreaterThanOrEqual(495)
    expect(starts[9] as number).toBeGreaterThanOrEqual(245)
  })

  it("keeps at most `concurrency` calls in flight", async () => {
    const limiter = new CallLimiter([{ service: "config", concurrency: 3 }])
    const { peak, starts } = await startTimes(limiter, 12, 30)
    expect(peak).toBe(3)
    // Four rounds of 30 ms.
    expect(starts[11] as number).toBeGreaterThanOrEqual(85)
  })

  it("limits each partition (session and Region) on its own, and only the services and operations named", async () => {
    const limiter = new CallLimiter([
      { service: "config", operation: "DescribeConformancePacks", perSecond: 2, burst: 1 },
    ])
    const first = await limiter.acquire("config", "DescribeConformancePacks", "a")
    first()
    const begin = performance.now()
    // Another session, another operation and another service are not held back by session a's empty bucket.
    for (const [service, operation, partition] of [
      ["config", "DescribeConformancePacks", "b"],
      ["config", "DescribeConfigRules", "a"],
      ["sts", "AssumeRole", "a"],
    ] as const)
      (await limiter.acquire(service, operation, partition))()
    expect(performance.now() - begin).toBeLessThan(100)
    const held = performance.now()
    ;(await limiter.acquire("config", "DescribeConformancePacks", "a"))()
    expect(performance.now() - held).toBeGreaterThanOrEqual(400)
  })

  it("forgets idle buckets of many sessions without changing what each session may do", async () => {
    let now = 0
    const limiter = new CallLimiter([{ service: "config", perSecond: 1, burst: 1 }], () => now)
    // 5,000 sessions each take their one token.
    for (let i = 0; i < 5_000; i++) (await limiter.acquire("config", "X", `session-${i}`))()
    expect(limiter.bucketCount).toBe(5_000)
    // Half a second later session 0's bucket is half full: its next call waits the other half second.
    now = 500
    const begin = performance.now()
    ;(await limiter.acquire("config", "X", "session-0"))()
    expect(performance.now() - begin).toBeGreaterThanOrEqual(450)
    // Two seconds on, every bucket is full again: the next call sweeps them all and starts at once.
    now = 2_500
    ;(await limiter.acquire("config", "X", "fresh"))()
    expect(limiter.bucketCount).toBe(1)
    const later = performance.now()
    ;(await limiter.acquire("config", "X", "session-1"))()
    expect(performance.now() - later).toBeLessThan(100)
  })

  it("gives up waiting when the call is aborted, and frees its place", async () => {
    const limiter = new CallLimiter([{ service: "config", concurrency: 1 }])
    const holder = await limiter.acquire("config", "X", "p")
    const controller = new AbortController()
    const waiting = limiter.acquire("config", "X", "p", controller.signal)
    controller.abort()
    await expect(waiting).rejects.toThrow()
    holder()
    // The aborted call did not keep the permit: the next one gets it at once.
    const next = await Promise.race([
      limiter.acquire("config", "X", "p").then(() => "admitted"),
      new Promise((resolve) => setTimeout(() => resolve("stuck"), 200)),
    ])
    expect(next).toBe("admitted")
  })
})
