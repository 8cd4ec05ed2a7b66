import { CloudTrail } from "@rampart/aws"
import { rolloutJournal } from "@rampart/store"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { memberSession } from "../../../aws/src/sandbox.test-support.ts"
import {
  access,
  itemFor,
  policy,
  rdsOf,
  region,
  useRemediationWorld,
  waits,
} from "./remediation.test-support.ts"
import type { RemediationActionId } from "./remediation-item.ts"
import { runRemediation } from "./run-remediation.ts"

const { run } = useRemediationWorld()

/** Runs one action on one instance as a plan of one item. */
const remediate = (
  remediationId: string,
  accountId: string,
  instanceId: string,
  action: RemediationActionId,
) =>
  Effect.gen(function* () {
    const item = yield* itemFor(accountId, instanceId, action)
    const plan = { createdAt: new Date().toISOString(), items: [item], skipped: [] }
    return yield* runRemediation(plan, { remediationId, policy, access, waits })
  })

/** How many times the account called an RDS operation, from the sandbox's CloudTrail. */
const calls = (accountId: string, eventName: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    const events = yield* (yield* CloudTrail)
      .reader({ region, credentials })
      .lookupEvents({ startTime: new Date(0), endTime: new Date(Date.now() + 365 * 86_400_000), eventName })
    return events.length
  })

/** Each modification: the instance, what RDS then reports, and what the journal records before and after. */
const modifications: ReadonlyArray<
  readonly [
    RemediationActionId,
    string,
    string,
    Readonly<Record<string, unknown>>,
    { readonly before: unknown; readonly after: unknown },
  ]
> = [
  [
    "enable-backups",
    "222222222202",
    "app-db-2",
    { BackupRetentionPeriod: 7 },
    { before: { backupRetentionPeriod: 0 }, after: { backupRetentionPeriod: 7 } },
  ],
  [
    "enable-deletion-protection",
    "222222222201",
    "app-db-1",
    { DeletionProtection: true },
    { before: { deletionProtection: false }, after: { deletionProtection: true } },
  ],
  [
    "enable-multi-az",
    "222222222204",
    "app-db-4",
    { MultiAZ: true },
    { before: { multiAZ: false }, after: { multiAZ: true } },
  ],
  [
    "disable-public-access",
    "222222222206",
    "app-db-6",
    { PubliclyAccessible: false },
    { before: { publiclyAccessible: true }, after: { publiclyAccessible: false } },
  ],
]

describe("remediation actions against the sandbox", () => {
  for (const [action, accountId, instanceId, expected, journaled] of modifications) {
    it(`${action} changes ${instanceId}, verifies the rule, and a second run changes nothing`, async () => {
      const first = await run(remediate(`first-${action}`, accountId, instanceId, action))
      const after = await run(Effect.flatMap(rdsOf(accountId), (rds) => rds.describeDBInstance(instanceId)))
      const second = await run(remediate(`second-${action}`, accountId, instanceId, action))
      const journal = await run(rolloutJournal(`first-${action}`))
      const modifyCalls = await run(calls(accountId, "ModifyDBInstance"))

      expect(first.results[0]).toMatchObject({
        outcome: "remediated",
        steps: [{ step: "modify", status: "applied" }],
        verification: { instanceId, compliance: "COMPLIANT" },
      })
      expect(after).toMatchObject({ ...expected, DBInstanceStatus: "available" })
      expect(second.results[0]).toMatchObject({
        outcome: "already-compliant",
        steps: [],
        verification: { compliance: "COMPLIANT" },
      })
      expect(modifyCalls).toBe(1)
      // The change was journaled with what it replaced before it was made, then marked applied.
      expect(journal).toHaveLength(1)
      expect(journal[0]).toMatchObject({
        rolloutId: `first-${action}`,
        wave: "remediation",
        action: `${action}:modify`,
        status: "applied",
        target: `${accountId}/${region}/${instanceId}`,
        ...journaled,
      })
    }, 120_000)
  }

  it("encrypt-rds restores an encrypted copy with the source's settings, keeps the source, says how to cut over, and does not copy again", async () => {
    const first = await run(remediate("encrypt-first", "222222222203", "app-db-3", "encrypt-rds"))
    const instances = await run(
      Effect.gen(function* () {
        const rds = yield* rdsOf("222222222203")
        return {
          source: yield* rds.describeDBInstance("app-db-3"),
          copy: yield* rds.describeDBInstance("app-db-3-rampart-encrypted"),
          snapshot: yield* rds.describeDBSnapshot("rampart-app-db-3-encrypt-first"),
          encrypted: yield* rds.describeDBSnapshot("rampart-app-db-3-encrypt-first-encrypted"),
        }
      }),
    )
    const second = await run(remediate("encrypt-second", "222222222203", "app-db-3", "encrypt-rds"))
    const snapshotCalls = await run(calls("222222222203", "CreateDBSnapshot"))
    const restoreCalls = await run(calls("222222222203", "RestoreDBInstanceFromDBSnapshot"))

    const result = first.results[0]
    expect(result).toMatchObject({
      outcome: "remediated",
      replacement: "app-db-3-rampart-encrypted",
      steps: [
        { step: "snapshot", status: "applied" },
        { step: "copy", status: "applied" },
        { step: "restore", status: "applied" },
      ],
      verification: { instanceId: "app-db-3-rampart-encrypted", compliance: "COMPLIANT" },
    })
    // The verdict is about the copy, a resource of its own; the source stays as it was, unencrypted.
    expect(result?.verification?.resourceId).toBe(instances.copy?.DbiResourceId)
    expect(result?.verification?.resourceId).not.toBe(instances.source?.DbiResourceId)
    expect(instances.source).toMatchObject({ DBInstanceStatus: "available", StorageEncrypted: false })
    expect(instances.copy).toMatchObject({
      StorageEncrypted: true,
      Engine: instances.source?.Engine,
      DBInstanceClass: instances.source?.DBInstanceClass,
      BackupRetentionPeriod: instances.source?.BackupRetentionPeriod,
    })
    expect(instances.copy?.TagList).toContainEqual({ Key: "rampart:encrypted-copy-of", Value: "app-db-3" })
    expect(instances.snapshot).toMatchObject({ Encrypted: false, Status: "available" })
    expect(instances.encrypted).toMatchObject({ Encrypted: true, Status: "available" })
    expect(result?.cutover?.join("\n")).toContain(instances.copy?.Endpoint?.Address)
    expect(result?.cutover?.join("\n")).toContain("delete by hand")
    expect(result?.cutover?.join("\n")).toContain("rampart-app-db-3-encrypt-first")

    expect(second.results[0]).toMatchObject({
      outcome: "already-compliant",
      steps: [],
      replacement: "app-db-3-rampart-encrypted",
      verification: { compliance: "COMPLIANT" },
    })
    expect(snapshotCalls).toBe(1)
    expect(restoreCalls).toBe(1)
  }, 180_000)

  it("changes nothing on an Aurora member of an encrypted cluster: the rule already holds", async () => {
    const report = await run(remediate("aurora", "222222222212", "search-aurora-1", "encrypt-rds"))
    const snapshotCalls = await run(calls("222222222212", "CreateDBSnapshot"))
    expect(report.results[0]).toMatchObject({
      outcome: "already-compliant",
      steps: [],
      verification: { compliance: "COMPLIANT" },
    })
    expect(snapshotCalls).toBe(0)
  }, 60_000)
})
