import { AccessDenied } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import { migrate, queryFindings } from "@rampart/store"
import { Effect, Fiber } from "effect"
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
    const collect = (target: ScanTarget) =>
      Effect.gen(function* () {
        calls.set(target.accountId, (calls.get(target.accountId) ?? 0) + 1)
        yield* Effect.sleep("20 millis")
        return [finding(target)]
      })
    const program = Effect.gen(function* () {
      yield* migrate
      // The first run is killed once about half the targets are in.
      const first = yield* Effect.forkChild(
        runScan("scan-crash", "roles", targets, collect, { concurrency: 2 }),
      )
      yield* Effect.sleep("110 millis")
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
    // A target interrupted mid-flight may be collected again; a finished one never is.
    expect(second.skipped).toBeGreaterThanOrEqual(collectedBefore - 2)
    expect([...calls.values()].every((n) => n <= 2)).toBe(true)
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
})
