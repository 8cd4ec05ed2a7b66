import {
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupVaultCommand,
  GetBackupVaultAccessPolicyCommand,
  GetBackupVaultNotificationsCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListRecoveryPointsByBackupVaultCommand,
} from "@aws-sdk/client-backup"
import { describe, expect, it } from "vitest"
import { testScenario } from "../../fixtures.test-support.ts"
import { applyOrganization } from "../../scenario/apply-organization.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { SandboxStore } from "../../state/store.ts"
import { account, backupClient, dayMs, dbArn, useBackupSandbox } from "./fixtures.test-support.ts"
import { backupService } from "./index.ts"
import { seedBackup } from "./seed.ts"

const section = [
  {
    account,
    vaults: [
      {
        name: "central",
        tags: { team: "platform" },
        accessPolicy: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Deny", Principal: "*", Action: "backup:DeleteRecoveryPoint", Resource: "*" },
          ],
        },
        notifications: {
          snsTopicArn: `arn:aws:sns:us-east-1:${account}:backup`,
          events: ["BACKUP_JOB_FAILED"],
        },
        lock: {
          minRetentionDays: 7,
          maxRetentionDays: 365,
          changeableForDays: 3,
          lockDate: "2024-01-01T00:00:00Z",
        },
      },
      { name: "scratch", lock: { minRetentionDays: 1 } },
    ],
    plans: [
      {
        name: "daily-35",
        rules: [{ name: "daily", vault: "central", deleteAfterDays: 35 }],
        selections: [{ name: "databases", resources: ["arn:aws:rds:*:*:db:*"], tags: { backup: "daily" } }],
      },
    ],
    recoveryPoints: [
      { vault: "central", resourceArn: dbArn("orders"), ageDays: 2, deleteAfterDays: 35, plan: "daily-35" },
      { vault: "central", resourceArn: dbArn("legacy"), ageDays: 10, deleteAfterDays: 35, encrypted: false },
    ],
  },
  {
    account: "111111111111",
    region: "eu-west-1",
    vaults: [{ name: "hub-vault" }],
  },
]

const sandbox = useBackupSandbox({ scenario: { ...testScenario, resources: { backup: section } } })

describe("Backup from a scenario's resources.backup", () => {
  it("loads vaults with their policy, notifications and lock", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const central = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "central" }))
    expect(central).toMatchObject({
      Locked: true,
      MinRetentionDays: 7,
      MaxRetentionDays: 365,
      NumberOfRecoveryPoints: 2,
    })
    expect(central.LockDate?.toISOString()).toBe("2024-01-01T00:00:00.000Z")
    // The lock date is in the past: the compliance lock is already immutable.
    await expect(
      client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: "central" })),
    ).rejects.toMatchObject({ name: "InvalidRequestException" })
    const scratch = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "scratch" }))
    expect(scratch).toMatchObject({ Locked: true, MinRetentionDays: 1 })
    expect(scratch.LockDate).toBeUndefined()
    expect(
      JSON.parse(
        (await client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "central" }))).Policy ??
          "",
      ),
    ).toMatchObject({ Statement: [{ Effect: "Deny" }] })
    expect(
      (await client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: "central" })))
        .BackupVaultEvents,
    ).toEqual(["BACKUP_JOB_FAILED"])
    const hub =
      backupService.configurationItems?.(parts.store, "111111111111", "eu-west-1", parts.clock.now()) ?? []
    expect(hub.map((item) => item.resourceId)).toEqual(["hub-vault"])
  })

  it("loads plans with selections, and recovery points made days ago", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const plans = await client.send(new ListBackupPlansCommand({}))
    expect(plans.BackupPlansList?.map((p) => p.BackupPlanName)).toEqual(["daily-35"])
    const BackupPlanId = plans.BackupPlansList?.[0]?.BackupPlanId
    const selections = await client.send(new ListBackupSelectionsCommand({ BackupPlanId }))
    expect(selections.BackupSelectionsList).toMatchObject([
      {
        SelectionName: "databases",
        IamRoleArn: `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`,
      },
    ])
    const points = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "central" }),
    )
    expect(points.RecoveryPoints?.map((p) => [p.ResourceArn, p.IsEncrypted, p.Status])).toEqual([
      [dbArn("legacy"), false, "COMPLETED"],
      [dbArn("orders"), true, "COMPLETED"],
    ])
    const legacyAge = parts.clock.now() - (points.RecoveryPoints?.[0]?.CreationDate?.getTime() ?? 0)
    expect(Math.round(legacyAge / dayMs)).toBe(10)
    const byPlan = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: "central",
        ByBackupPlanId: BackupPlanId,
      }),
    )
    expect(byPlan.RecoveryPoints).toMatchObject([
      { ResourceArn: dbArn("orders"), CreatedBy: { BackupRuleName: "daily" } },
    ])
  })

  it("refuses bad entries with a ScenarioError naming the place", () => {
    const store = new SandboxStore()
    const now = Date.UTC(2026, 0, 1)
    applyOrganization(store, testScenario, now)
    const context = { store, now, partition: "aws", regions: ["us-east-1", "eu-west-1"] }
    const pathOf = (badSection: unknown): string => {
      try {
        seedBackup(badSection, context)
      } catch (error) {
        if (error instanceof ScenarioError) return error.path
        throw error
      }
      throw new Error("the section was accepted")
    }
    const entry = (extra: Record<string, unknown>) => [{ account, ...extra }]
    expect(pathOf({ account })).toBe("resources.backup")
    expect(pathOf([{ account: "444444444444" }])).toBe("resources.backup[0].account")
    expect(pathOf(entry({ region: "ap-south-1" }))).toBe("resources.backup[0].region")
    expect(pathOf(entry({ vaults: [{ name: "has spaces" }] }))).toBe("resources.backup[0].vaults[0]")
    expect(pathOf(entry({ vaults: [{ name: "v1", lok: {} }] }))).toBe("resources.backup[0].vaults[0].lok")
    expect(pathOf(entry({ vaults: [{ name: "v2", lock: { changeableForDays: 2 } }] }))).toBe(
      "resources.backup[0].vaults[0].lock",
    )
    expect(pathOf(entry({ vaults: [{ name: "v3", lock: { lockDate: "2025-01-01" } }] }))).toBe(
      "resources.backup[0].vaults[0].lock.lockDate",
    )
    expect(pathOf(entry({ vaults: [{ name: "v4", accessPolicy: "{" }] }))).toBe(
      "resources.backup[0].vaults[0].accessPolicy",
    )
    expect(pathOf(entry({ plans: [{ name: "p", rules: [{ name: "r", vault: "nowhere" }] }] }))).toBe(
      "resources.backup[0].plans[0]",
    )
    expect(
      pathOf(
        entry({
          vaults: [{ name: "v5" }],
          plans: [{ name: "p5", rules: [{ name: "r", vault: "v5" }], selections: [{ name: "s" }] }],
        }),
      ),
    ).toBe("resources.backup[0].plans[0].selections[0]")
    expect(pathOf(entry({ recoveryPoints: [{ vault: "nowhere", resourceArn: dbArn("x") }] }))).toBe(
      "resources.backup[0].recoveryPoints[0].vault",
    )
    expect(
      pathOf(
        entry({
          vaults: [{ name: "v6" }],
          recoveryPoints: [{ vault: "v6", resourceArn: "arn:aws:sqs:us-east-1:1:q" }],
        }),
      ),
    ).toBe("resources.backup[0].recoveryPoints[0]")
    expect(
      pathOf(
        entry({
          vaults: [{ name: "v7" }],
          recoveryPoints: [{ vault: "v7", resourceArn: dbArn("x"), ageDays: 40, deleteAfterDays: 35 }],
        }),
      ),
    ).toBe("resources.backup[0].recoveryPoints[0].ageDays")
  })
})
