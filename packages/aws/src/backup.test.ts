import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Backup, backupLive } from "./backup.ts"
import { memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { type Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"

const run = async <A, E>(program: Effect.Effect<A, E, Backup | Sts>): Promise<A> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(backupLive, stsLive).pipe(Layer.provide(sandboxSettings(url)))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

/** The Backup reader of a member account's session. */
const readerOf = (accountId: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    return (yield* Backup).reader({ region, credentials })
  })

describe("Backup through the live layer, against the sandbox", () => {
  it("reads a locked vault; a vault without policy or notifications answers undefined for them", async () => {
    const read = await run(
      Effect.gen(function* () {
        const backup = yield* readerOf("222222222209")
        return {
          vaults: yield* backup.listBackupVaults,
          vault: yield* backup.describeBackupVault("app-backups"),
          policy: yield* backup.getBackupVaultAccessPolicy("app-backups"),
          notifications: yield* backup.getBackupVaultNotifications("app-backups"),
          points: yield* backup.listRecoveryPointsByBackupVault("app-backups"),
        }
      }),
    )
    expect(read.vaults.map((v) => v.BackupVaultName)).toEqual(["app-backups"])
    expect(read.vault).toMatchObject({
      BackupVaultName: "app-backups",
      BackupVaultArn: "arn:aws:backup:eu-west-1:222222222209:backup-vault:app-backups",
      Locked: true,
      MinRetentionDays: 7,
      MaxRetentionDays: 35,
    })
    expect(read.vault).not.toHaveProperty("$metadata")
    expect(read.policy).toBeUndefined()
    expect(read.notifications).toBeUndefined()
    expect(read.points).toEqual([])
  })

  it("reads plans with their rules, and selections with what they assign", async () => {
    const { plans, plan, selections, selection } = await run(
      Effect.gen(function* () {
        const backup = yield* readerOf("222222222212")
        const plans = yield* backup.listBackupPlans
        const planId = plans[0]?.BackupPlanId ?? ""
        const selections = yield* backup.listBackupSelections(planId)
        return {
          plans,
          plan: yield* backup.getBackupPlan(planId),
          selections,
          selection: yield* backup.getBackupSelection(planId, selections[0]?.SelectionId ?? ""),
        }
      }),
    )
    expect(plans.map((p) => p.BackupPlanName)).toEqual(["daily-35"])
    expect(plan.BackupPlan?.Rules).toMatchObject([
      { RuleName: "daily", TargetBackupVaultName: "app-backups", Lifecycle: { DeleteAfterDays: 35 } },
    ])
    expect(selections.map((s) => s.SelectionName)).toEqual(["databases"])
    expect(selection.BackupSelection?.Resources).toEqual(["arn:aws:rds:eu-west-1:222222222212:db:*"])
  })

  it("types a missing vault as NotFound", async () => {
    const error = await run(
      readerOf("222222222212").pipe(
        Effect.flatMap((backup) => backup.describeBackupVault("no-such-vault")),
        Effect.flip,
      ),
    )
    expect(error).toMatchObject({ _tag: "NotFound", service: "backup", operation: "DescribeBackupVault" })
  })

  it("creates a vault, locks it in compliance mode, removes the lock in its grace time and deletes the vault, repeatably", async () => {
    const seen = await run(
      Effect.gen(function* () {
        const credentials = yield* memberSession("222222222207")
        const writer = (yield* Backup).writer({ region, credentials })
        const reader = (yield* Backup).reader({ region, credentials })
        const created = [
          yield* writer.createVault({ name: "rampart-writer-test", tags: { "rampart:managed": "true" } }),
          yield* writer.createVault({ name: "rampart-writer-test" }),
        ]
        yield* writer.putVaultLock({
          vaultName: "rampart-writer-test",
          minRetentionDays: 7,
          maxRetentionDays: 35,
          changeableForDays: 3,
        })
        const locked = yield* reader.describeBackupVault("rampart-writer-test")
        yield* writer.deleteVaultLock("rampart-writer-test")
        const unlocked = yield* reader.describeBackupVault("rampart-writer-test")
        const deleted = [
          yield* writer.deleteVault("rampart-writer-test"),
          yield* writer.deleteVault("rampart-writer-test"),
        ]
        return { created, locked, unlocked, deleted }
      }),
    )
    expect(seen.created).toEqual(["created", "already-exists"])
    expect(seen.locked).toMatchObject({ Locked: true, MinRetentionDays: 7, MaxRetentionDays: 35 })
    expect(seen.locked.LockDate).toBeInstanceOf(Date)
    expect(seen.unlocked.Locked).toBe(false)
    expect(seen.deleted).toEqual(["deleted", "not-found"])
  })
})
