import { AccessDenied } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import { migrate, queryFindings } from "@rampart/store"
import { Deferred, Effect, Exit, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { postgres } from "../../store/src/postgres.test-support.ts"
import { runScan, type ScanTarget } from "./scan.ts"

const targets: ReadonlyArray<ScanTarget> = Array.from({ length: 20 }, (_, i) => ({
  accountId: String(222222222201 + i),
  region: "eu-west-1",
}))

const finding = (target: ScanTarget): Finding => ({
  kind: "evaluation",
  accountId: target.accountId,
  region: target.region,
  rule: "rampart-rds-storage-encrypted",
  resourceType: "AWS::RDS::DBInstance",
  resourceId: `db-${target.accountId}`,
  status: "NON_COMPLIANT",
  evaluatedAt: "2026-11-22T06:00:00.000Z",
})

describe("runScan", () => {
  it("resumes after a crash without collecting done targets again, losing or duplicating no finding", async () => {
    const calls = new Map<string, number>()
    const program = Effect.gen(function* () {
      yield* migrate
      // The first run is killed once 8 targets are in, with more in flight: from the 13th call on its collector
      // never answers, as if the process had stopped there.
      const eightIn = yield* Deferred.make<void>()
      const collect = (target: ScanTarget) =>
        Effect.gen(function* () {
          calls.set(target.accountId, (calls.get(target.accountId) ?? 0) + 1)
          yield* Effect.sleep("20 millis")
          return [finding(target)]
        })
      let firstCalls = 0
      const stalling = (target: ScanTarget) =>
        ++firstCalls > 12 ? collect(target).pipe(Effect.andThen(Effect.never)) : collect(target)
      const first = yield* Effect.forkChild(
        runScan("scan-crash", "roles", targets, stalling, {
          concurrency: 2,
          onProgress: (p) => {
            if (p.done >= 8) Deferred.doneUnsafe(eightIn, Exit.void)
          },
        }),
      )
      yield* Deferred.await(eightIn)
      yield* Fiber.interrupt(first)
      const collectedBefore = calls.size
      const second = yield* runScan("scan-crash", "roles", targets, collect, { concurrency: 4 })
      const stored = yield* queryFindings({})
      return { collectedBefore, second, stored }
    })
    const { collectedBefore, second, stored } = await Effect.runPromise(
      program.pipe(Effect.provide(postgres())),
    )
    expect(collectedBefore).toBeGreaterThan(2)
    expect(collectedBefore).toBeLessThan(20)
    expect(second.resumed).toBe(true)
    expect(second.skipped + second.collected).toBe(20)
    // What was committed before the kill is not collected again; only targets in flight or not yet written are.
    expect(second.skipped).toBeGreaterThanOrEqual(8)
    expect([...calls.values()].every((n) => n <= 2)).toBe(true)
    expect([...calls.values()].filter((n) => n === 2).length).toBeLessThanOrEqual(20 - second.skipped)
    expect(stored).toHaveLength(20)
    expect(new Set(stored.map((f) => f.accountId)).size).toBe(20)
  }, 30_000)

  it("reports a target it cannot collect as a finding and completes the scan", async () => {
    const collect = (target: ScanTarget) =>
      target.accountId === "222222222203"
        ? Effect.fail(
            new AccessDenied({
              service: "sts",
              operation: "AssumeRole",
              by: "trust",
              explicit: false,
              message: "User: x is not authorized to perform: sts:AssumeRole",
            }),
          )
        : Effect.succeed([finding(target)])
    const program = Effect.gen(function* () {
      yield* migrate
      const summary = yield* runScan("scan-failures", "roles", targets.slice(0, 5), collect)
      const stored = yield* queryFindings({ accountId: "222222222203" })
      return { summary, stored }
    })
    const { summary, stored } = await Effect.runPromise(program.pipe(Effect.provide(postgres())))
    expect(summary).toMatchObject({ collected: 5, failed: 1, findings: 4 })
    expect(stored).toEqual([
      expect.objectContaining({
        kind: "collection-failure",
        rule: "collection:access-denied-by-trust",
        status: "ERROR",
      }),
    ])
  })

  it("starts collecting while targets are still being discovered, and resumes a streamed scan", async () => {
    const events: string[] = []
    const discovered = (run: string) =>
      Stream.fromIterable([targets.slice(0, 4), targets.slice(4, 8), targets.slice(8, 12)]).pipe(
        Stream.tap((batch) =>
          Effect.sleep("60 millis").pipe(
            Effect.andThen(Effect.sync(() => events.push(`${run} discovered ${batch.length}`))),
          ),
        ),
      )
    const collect = (run: string) => (target: ScanTarget) =>
      Effect.sync(() => {
        events.push(`${run} collected ${target.accountId}`)
        return [finding(target)]
      })
    const program = Effect.gen(function* () {
      yield* migrate
      const first = yield* runScan("scan-streamed", "roles", discovered("first"), collect("first"))
      const again = yield* runScan("scan-streamed", "roles", discovered("again"), collect("again"))
      return { first, again, stored: yield* queryFindings({}) }
    })
    const { first, again, stored } = await Effect.runPromise(program.pipe(Effect.provide(postgres())))
    expect(first).toMatchObject({ resumed: false, collected: 12, skipped: 0, findings: 12 })
    // The first batch's targets were collected before the last batch was discovered.
    const firstCollected = events.indexOf("first collected 222222222201")
    const lastDiscovered = events.lastIndexOf("first discovered 4")
    expect(firstCollected).toBeGreaterThanOrEqual(0)
    expect(firstCollected).toBeLessThan(lastDiscovered)
    expect(again).toMatchObject({ resumed: true, collected: 0, skipped: 12 })
    expect(events.filter((e) => e.startsWith("again collected"))).toEqual([])
    expect(stored).toHaveLength(12)
  })
})
