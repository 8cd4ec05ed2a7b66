import { CloudTrail } from "@rampart/aws"
import { evaluateRules } from "@rampart/catalog"
import { readConfigurationItems } from "@rampart/collector"
import type { Finding } from "@rampart/model"
import { recordFindings, rolloutJournal } from "@rampart/store"
import { Clock, Deferred, Duration, Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { memberSession } from "../../../aws/src/sandbox.test-support.ts"
import { waitForInstance } from "./instance-waits.ts"
import { planRemediation, type RemediationPlan } from "./plan.ts"
import {
  access,
  itemFor,
  policy,
  rdsOf,
  region,
  rules,
  useRemediationWorld,
  waits,
} from "./remediation.test-support.ts"
import type { RemediationItem } from "./remediation-item.ts"
import { openRemediation } from "./remediation-journal.ts"
import { type RemediationEvent, runRemediation } from "./run-remediation.ts"

const { run } = useRemediationWorld()

const planOf = (items: ReadonlyArray<RemediationItem>): RemediationPlan => ({
  createdAt: new Date().toISOString(),
  items,
  skipped: [],
})

const calls = (accountId: string, eventName: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    const events = yield* (yield* CloudTrail)
      .reader({ region, credentials })
      .lookupEvents({ startTime: new Date(0), endTime: new Date(Date.now() + 365 * 86_400_000), eventName })
    return events.length
  })

/** A clock that reads `start` now and runs at real speed, sleeping for real: "now" under the test's control. */
const clockFrom = (start: number): Clock.Clock => {
  const origin = Date.now()
  const now = () => start + (Date.now() - origin)
  return {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => process.hrtime.bigint(),
    monotonicTimeNanos: Effect.sync(() => process.hrtime.bigint()),
    sleep: (duration) =>
      Effect.callback<void>((resume) => {
        const timer = setTimeout(() => resume(Effect.void), Duration.toMillis(duration))
        return Effect.sync(() => clearTimeout(timer))
      }),
  }
}

describe("running a remediation", () => {
  it("resumes an encryption interrupted after its snapshot without taking the snapshot again", async () => {
    const interrupted = await run(
      Effect.gen(function* () {
        const item = yield* itemFor("222222222205", "app-db-5", "encrypt-rds")
        const opened = yield* openRemediation("resume-encrypt", Effect.succeed(planOf([item])))
        const snapshotTaken = yield* Deferred.make<void>()
        const fiber = yield* Effect.forkChild(
          runRemediation(opened.plan, {
            remediationId: "resume-encrypt",
            policy,
            access,
            waits,
            onEvent: (event) => {
              if (event.kind === "step" && event.step.step === "snapshot")
                Deferred.doneUnsafe(snapshotTaken, Effect.void)
            },
          }),
        )
        yield* Deferred.await(snapshotTaken)
        yield* Fiber.interrupt(fiber)
        return { opened, journal: yield* rolloutJournal("resume-encrypt") }
      }),
    )
    expect(interrupted.opened.resumed).toBe(false)
    expect(interrupted.journal.map((e) => [e.action, e.status])).toEqual([
      ["plan", "intended"],
      ["encrypt-rds:snapshot", "applied"],
    ])

    // Started again with the same id: the stored plan, the snapshot not taken again, the rest done.
    const resumed = await run(
      Effect.gen(function* () {
        const opened = yield* openRemediation(
          "resume-encrypt",
          Effect.die(new Error("a resumed remediation uses its stored plan")),
        )
        const report = yield* runRemediation(opened.plan, {
          remediationId: "resume-encrypt",
          policy,
          access,
          waits,
        })
        return { opened, report, journal: yield* rolloutJournal("resume-encrypt") }
      }),
    )
    const snapshots = await run(calls("222222222205", "CreateDBSnapshot"))
    expect(resumed.opened.resumed).toBe(true)
    expect(resumed.report.results[0]).toMatchObject({
      outcome: "remediated",
      replacement: "app-db-5-rampart-encrypted",
      steps: [
        { step: "snapshot", status: "applied-earlier" },
        { step: "copy", status: "applied" },
        { step: "restore", status: "applied" },
      ],
      verification: { compliance: "COMPLIANT" },
    })
    expect(snapshots).toBe(1)
    expect(resumed.journal.map((e) => [e.action, e.status])).toEqual([
      ["plan", "applied"],
      ["encrypt-rds:snapshot", "applied"],
      ["encrypt-rds:copy", "applied"],
      ["encrypt-rds:restore", "applied"],
    ])
  }, 180_000)

  it("stops starting items once more actions failed than maxErrors allows; the one in flight finishes", async () => {
    const report = await run(
      Effect.gen(function* () {
        const gone = yield* itemFor("222222222201", "app-db-1", "enable-deletion-protection")
        const items = [
          { ...gone, instanceId: "app-db-deleted" },
          yield* itemFor("222222222207", "app-db-7", "enable-deletion-protection"),
          yield* itemFor("222222222208", "app-db-8", "enable-deletion-protection"),
        ]
        return yield* runRemediation(planOf(items), {
          remediationId: "error-budget",
          policy: {
            ...policy,
            maxConcurrency: { kind: "count", value: 2 },
            maxErrors: { kind: "count", value: 0 },
          },
          access,
          waits,
        })
      }),
    )
    const untouched = await run(
      Effect.flatMap(rdsOf("222222222208"), (rds) => rds.describeDBInstance("app-db-8")),
    )
    expect(report.results.map((r) => [r.item.instanceId, r.outcome])).toEqual([
      ["app-db-deleted", "failed"],
      ["app-db-7", "remediated"],
      ["app-db-8", "not-started"],
    ])
    expect(report.results[0]?.message).toContain("app-db-deleted no longer exists")
    expect(report.stopped).toContain("more than 0 failed actions")
    expect(report.counts).toEqual({ remediated: 1, alreadyCompliant: 0, failed: 1, notStarted: 1 })
    expect(untouched?.DeletionProtection).toBe(false)
  }, 120_000)

  it("never runs an action the policy no longer lists, even from a stored plan", async () => {
    const report = await run(
      Effect.gen(function* () {
        const item = yield* itemFor("222222222203", "app-db-3", "enable-multi-az")
        return yield* runRemediation(planOf([item]), {
          remediationId: "action-withdrawn",
          policy: { ...policy, actions: ["encrypt-rds"] },
          access,
          waits,
        })
      }),
    )
    const instance = await run(
      Effect.flatMap(rdsOf("222222222203"), (rds) => rds.describeDBInstance("app-db-3")),
    )
    expect(report.results[0]).toMatchObject({
      outcome: "not-started",
      message: "enable-multi-az is no longer listed in remediation.actions",
    })
    expect(instance?.MultiAZ).toBe(false)
  }, 60_000)

  it("waits for the maintenance window to open before starting anything", async () => {
    const events: RemediationEvent[] = []
    // Saturday 2026-11-21, three seconds before a weekend window opens at 02:00 UTC.
    const clock = clockFrom(Date.parse("2026-11-21T01:59:57Z"))
    const report = await run(
      Effect.gen(function* () {
        const item = yield* itemFor("222222222204", "app-db-4", "enable-deletion-protection")
        return yield* runRemediation(planOf([item]), {
          remediationId: "window",
          policy: { ...policy, maintenanceWindow: { days: ["sat", "sun"], start: "02:00", end: "06:00" } },
          access,
          waits,
          onEvent: (event) => events.push(event),
        })
      }).pipe(Effect.provideService(Clock.Clock, clock)),
    )
    const journal = await run(rolloutJournal("window"))
    expect(events.map((e) => e.kind).slice(0, 3)).toEqual(["started", "waiting-for-window", "item-started"])
    expect(events[1]).toEqual({ kind: "waiting-for-window", until: "2026-11-21T02:00:00.000Z" })
    expect(report.results[0]).toMatchObject({
      outcome: "remediated",
      verification: { compliance: "COMPLIANT" },
    })
    const changedAt = journal[0]?.createdAt ?? ""
    expect(changedAt >= "2026-11-21T02:00:00.000Z" && changedAt < "2026-11-21T06:00:00.000Z").toBe(true)
  }, 120_000)

  it("never remediates two instances of one Aurora cluster at the same time", async () => {
    // Make both members public first, so that each has something to change.
    await run(
      Effect.gen(function* () {
        const rds = yield* rdsOf("222222222212")
        for (const id of ["search-aurora-1", "search-aurora-2"])
          yield* rds.modifyDBInstance({ instanceId: id, publiclyAccessible: true })
        for (const id of ["search-aurora-1", "search-aurora-2"]) yield* waitForInstance(rds, id, waits)
      }),
    )
    const events: RemediationEvent[] = []
    const report = await run(
      Effect.gen(function* () {
        const items = [
          yield* itemFor("222222222212", "search-aurora-1", "disable-public-access"),
          yield* itemFor("222222222212", "search-aurora-2", "disable-public-access"),
        ]
        return yield* runRemediation(planOf(items), {
          remediationId: "aurora-members",
          policy: { ...policy, maxConcurrency: { kind: "count", value: 2 } },
          access,
          waits,
          onEvent: (event) => events.push(event),
        })
      }),
    )
    expect(report.results.map((r) => r.outcome)).toEqual(["remediated", "remediated"])
    const order = events.flatMap((e) =>
      e.kind === "item-started"
        ? [`start ${e.item.instanceId}`]
        : e.kind === "item-finished"
          ? [`finish ${e.result.item.instanceId}`]
          : [],
    )
    expect(order).toEqual([
      "start search-aurora-1",
      "finish search-aurora-1",
      "start search-aurora-2",
      "finish search-aurora-2",
    ])
  }, 120_000)

  it("plans from the stored findings: enabled actions on their instances, the rest skipped with the reason", async () => {
    const plan = await run(
      Effect.gen(function* () {
        for (const accountId of ["222222222202", "222222222212"]) {
          const credentials = yield* memberSession(accountId)
          const items = yield* readConfigurationItems({ accountId, region, credentials })
          const evaluated = evaluateRules(items, [...rules.values()])
          const findings = evaluated.results.map(
            (r): Finding => ({
              kind: "evaluation",
              accountId,
              region,
              guardrail: "rampart-rds-security",
              rule: r.ruleName,
              resourceType: r.resourceType,
              resourceId: r.resourceId,
              status: r.compliance,
              evaluatedAt: new Date().toISOString(),
              ...(r.annotation === undefined ? {} : { annotation: r.annotation }),
            }),
          )
          yield* recordFindings("plan-scan", { accountId, region }, findings, new Date())
        }
        return yield* planRemediation({
          policy: { ...policy, actions: ["encrypt-rds", "enable-backups", "enable-deletion-protection"] },
          rules,
          access,
        })
      }),
    )
    expect(plan.items.map((i) => [i.accountId, i.instanceId, i.action])).toEqual([
      ["222222222202", "app-db-2", "enable-backups"],
      ["222222222202", "app-db-2", "enable-deletion-protection"],
      ["222222222202", "app-db-2", "encrypt-rds"],
    ])
    expect(plan.items[0]?.rule).toMatchObject({
      name: "rampart-rds-instance-backup-enabled",
      sourceIdentifier: "DB_INSTANCE_BACKUP_ENABLED",
      parameters: { backupRetentionMinimum: "7" },
    })
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({
        accountId: "222222222202",
        rule: "rampart-rds-multi-az",
        action: "enable-multi-az",
        kind: "action-not-enabled",
      }),
    )
    expect(plan.skipped).toContainEqual(
      expect.objectContaining({ rule: "rampart-rds-logging-enabled", kind: "no-action" }),
    )
  }, 120_000)
})
