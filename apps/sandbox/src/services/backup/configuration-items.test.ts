import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
} from "@aws-sdk/client-backup"
import { managedRuleByIdentifier } from "@rampart/catalog"
import type { ConfigurationItem } from "@rampart/model"
import { beforeAll, describe, expect, it } from "vitest"
import { account, backupClient, backupRole, dbArn, useBackupSandbox } from "./fixtures.test-support.ts"
import { backupService } from "./index.ts"
import { addRecoveryPoint } from "./recovery-points.ts"
import { backupState } from "./state.ts"

const sandbox = useBackupSandbox()
const region = "us-east-1"

const protectingPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyRecoveryPointDeletion",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:PutBackupVaultAccessPolicy",
      ],
      Resource: "*",
    },
  ],
})

beforeAll(async () => {
  const { url, parts } = await sandbox
  const client = backupClient(url)
  await client.send(new CreateBackupVaultCommand({ BackupVaultName: "central" }))
  await client.send(
    new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "central", Policy: protectingPolicy }),
  )
  await client.send(
    new PutBackupVaultLockConfigurationCommand({
      BackupVaultName: "central",
      MinRetentionDays: 7,
      ChangeableForDays: 3,
    }),
  )
  await client.send(new CreateBackupVaultCommand({ BackupVaultName: "open" }))
  const rule = (RuleName: string, ScheduleExpression: string, DeleteAfterDays: number) => ({
    RuleName,
    TargetBackupVaultName: "central",
    ScheduleExpression,
    Lifecycle: { DeleteAfterDays },
  })
  const daily = await client.send(
    new CreateBackupPlanCommand({
      BackupPlan: { BackupPlanName: "daily-35", Rules: [rule("daily", "cron(0 5 ? * * *)", 35)] },
    }),
  )
  await client.send(
    new CreateBackupPlanCommand({
      BackupPlan: { BackupPlanName: "weekly-7", Rules: [rule("weekly", "cron(0 5 ? * SUN *)", 7)] },
    }),
  )
  await client.send(
    new CreateBackupSelectionCommand({
      BackupPlanId: daily.BackupPlanId,
      BackupSelection: {
        SelectionName: "databases",
        IamRoleArn: backupRole,
        Resources: ["arn:aws:rds:*:*:db:*"],
        NotResources: ["arn:aws:rds:*:*:db:scratch-*"],
      },
    }),
  )
  await client.send(
    new StartBackupJobCommand({
      BackupVaultName: "central",
      ResourceArn: dbArn("orders"),
      IamRoleArn: backupRole,
      Lifecycle: { DeleteAfterDays: 35 },
    }),
  )
  await client.send(
    new StartBackupJobCommand({
      BackupVaultName: "open",
      ResourceArn: dbArn("orders"),
      IamRoleArn: backupRole,
      Lifecycle: { DeleteAfterDays: 7 },
    }),
  )
  // The API always encrypts; an unencrypted recovery point (an old snapshot of an unencrypted database) comes
  // from the state directly, as a scenario would load it.
  const now = parts.clock.now()
  const scope = { store: parts.store, account, region, partition: "aws", now }
  const open = backupState(scope).vaults.open
  if (!open) throw new Error("the open vault was not created")
  addRecoveryPoint(scope, open, {
    resourceArn: dbArn("legacy"),
    iamRoleArn: backupRole,
    creationDate: now,
    completionDate: now,
    lifecycle: { deleteAfterDays: 35 },
    isEncrypted: false,
  })
})

const items = async (): Promise<ReadonlyArray<ConfigurationItem>> => {
  const { parts } = await sandbox
  return backupService.configurationItems?.(parts.store, account, region, parts.clock.now()) ?? []
}

const evaluate = async (
  identifier: string,
  item: ConfigurationItem,
  inventory: ReadonlyArray<ConfigurationItem> = [],
) => {
  const rule = managedRuleByIdentifier.get(identifier)
  if (!rule) throw new Error(`no managed rule ${identifier}`)
  return rule.evaluate({
    item,
    parameters: {},
    inventory: (type) => inventory.filter((other) => other.resourceType === type),
  })
}

const find = (
  all: ReadonlyArray<ConfigurationItem>,
  type: string,
  test: (item: ConfigurationItem) => boolean,
) => {
  const found = all.find((item) => item.resourceType === type && test(item))
  if (!found) throw new Error(`no ${type} item`)
  return found
}

describe("Backup configuration items, as AWS Config records them", () => {
  it("records vaults, plans, selections and recovery points of the account and Region", async () => {
    const all = await items()
    const vault = find(all, "AWS::Backup::BackupVault", (item) => item.resourceId === "central")
    expect(vault).toMatchObject({
      accountId: account,
      awsRegion: region,
      resourceName: "central",
      arn: `arn:aws:backup:${region}:${account}:backup-vault:central`,
      configuration: {
        BackupVaultName: "central",
        NumberOfRecoveryPoints: 1,
        LockConfiguration: { MinRetentionDays: 7, ChangeableForDays: 3 },
        Locked: true,
      },
    })
    expect(vault.configuration.AccessPolicy).toEqual(JSON.parse(protectingPolicy))
    const plan = find(all, "AWS::Backup::BackupPlan", (item) => item.resourceName === "daily-35")
    expect(plan.configuration).toMatchObject({
      backupPlan: {
        backupPlanName: "daily-35",
        backupPlanRule: [
          {
            ruleName: "daily",
            targetBackupVault: "central",
            scheduleExpression: "cron(0 5 ? * * *)",
            lifecycle: { deleteAfterDays: 35 },
          },
        ],
      },
    })
    const selection = find(all, "AWS::Backup::BackupSelection", () => true)
    expect(selection.configuration).toMatchObject({
      backupPlanId: plan.resourceId,
      backupSelection: { selectionName: "databases", resources: ["arn:aws:rds:*:*:db:*"] },
    })
    const points = all.filter((item) => item.resourceType === "AWS::Backup::RecoveryPoint")
    expect(points).toHaveLength(3)
    expect(points[0]?.configuration).toMatchObject({
      BackupVaultName: "central",
      IsEncrypted: true,
      Lifecycle: { DeleteAfterDays: 35 },
      ResourceType: "RDS",
    })
    expect(
      await backupService.configurationItems?.((await sandbox).parts.store, "111111111111", region, 0),
    ).toEqual([])
  })

  it("passes the catalog's backup evaluators over the recorded items", async () => {
    const all = await items()
    const vault = (name: string) => find(all, "AWS::Backup::BackupVault", (item) => item.resourceId === name)
    const plan = (name: string) => find(all, "AWS::Backup::BackupPlan", (item) => item.resourceName === name)
    const point = (vaultName: string, resource: string) =>
      find(
        all,
        "AWS::Backup::RecoveryPoint",
        (item) =>
          item.configuration.BackupVaultName === vaultName &&
          item.configuration.ResourceArn === dbArn(resource),
      )

    expect((await evaluate("BACKUP_RECOVERY_POINT_ENCRYPTED", point("central", "orders"))).compliance).toBe(
      "COMPLIANT",
    )
    expect((await evaluate("BACKUP_RECOVERY_POINT_ENCRYPTED", point("open", "legacy"))).compliance).toBe(
      "NON_COMPLIANT",
    )
    expect(
      (await evaluate("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", plan("daily-35"))).compliance,
    ).toBe("COMPLIANT")
    const weekly = await evaluate("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", plan("weekly-7"))
    expect(weekly.compliance).toBe("NON_COMPLIANT")
    expect(weekly.annotation).toContain("cron(0 5 ? * SUN *) leaves up to 168 h between backups")
    expect(
      (await evaluate("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", point("central", "orders")))
        .compliance,
    ).toBe("COMPLIANT")
    expect(
      (await evaluate("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", point("open", "orders"))).compliance,
    ).toBe("NON_COMPLIANT")
    expect(
      (await evaluate("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", vault("central"))).compliance,
    ).toBe("COMPLIANT")
    expect((await evaluate("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", vault("open"))).compliance).toBe(
      "NON_COMPLIANT",
    )
  })

  it("lets RDS_IN_BACKUP_PLAN find RDS instances through the recorded selections", async () => {
    const all = await items()
    const instance = (name: string): ConfigurationItem => ({
      resourceType: "AWS::RDS::DBInstance",
      resourceId: `db-${name.toUpperCase()}`,
      resourceName: name,
      arn: dbArn(name),
      accountId: account,
      awsRegion: region,
      configuration: { dBInstanceIdentifier: name, dBInstanceArn: dbArn(name), engine: "postgres" },
    })
    expect((await evaluate("RDS_IN_BACKUP_PLAN", instance("orders"), all)).compliance).toBe("COMPLIANT")
    expect((await evaluate("RDS_IN_BACKUP_PLAN", instance("scratch-1"), all)).compliance).toBe(
      "NON_COMPLIANT",
    )
  })
})
