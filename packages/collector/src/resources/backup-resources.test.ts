import { evaluateRules } from "@rampart/catalog"
import { describe, expect, it } from "vitest"
import type { Capture } from "../capture.ts"
import {
  backupPlanItem,
  backupSelectionItem,
  backupVaultItem,
  recoveryPointItem,
} from "./backup-resources.ts"

const capture: Capture = {
  accountId: "111122223333",
  awsRegion: "eu-west-1",
  time: "2026-01-02T03:04:05.000Z",
}

const rule = (identifier: string, parameters: Record<string, string> = {}) => ({
  name: identifier,
  sourceIdentifier: identifier,
  parameters,
})

const protectingPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:PutBackupVaultAccessPolicy",
      ],
      Resource: "*",
    },
  ],
})

describe("backupVaultItem", () => {
  const vault = {
    BackupVaultName: "app-backups",
    BackupVaultArn: "arn:aws:backup:eu-west-1:111122223333:backup-vault:app-backups",
    CreationDate: new Date("2025-01-01T00:00:00Z"),
    Locked: true,
    MinRetentionDays: 7,
    MaxRetentionDays: 35,
  }

  it("records the vault in PascalCase with its policy as a document and its lock range", () => {
    const item = backupVaultItem(
      vault,
      { Policy: protectingPolicy },
      { SNSTopicArn: "arn:aws:sns:eu-west-1:111122223333:backup", BackupVaultEvents: ["BACKUP_JOB_FAILED"] },
      capture,
    )
    expect(item).toMatchObject({
      resourceType: "AWS::Backup::BackupVault",
      resourceId: "app-backups",
      arn: vault.BackupVaultArn,
    })
    expect(item.configuration).toEqual({
      BackupVaultName: "app-backups",
      BackupVaultArn: vault.BackupVaultArn,
      CreationDate: "2025-01-01T00:00:00.000Z",
      AccessPolicy: JSON.parse(protectingPolicy),
      Notifications: {
        SNSTopicArn: "arn:aws:sns:eu-west-1:111122223333:backup",
        BackupVaultEvents: ["BACKUP_JOB_FAILED"],
      },
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 35 },
      Locked: true,
    })
  })

  it("leaves out what the vault does not have", () => {
    const item = backupVaultItem({ BackupVaultName: "plain" }, undefined, undefined, capture)
    expect(item.configuration).toEqual({ BackupVaultName: "plain" })
  })

  it("is judged on its policy by BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", () => {
    const { results } = evaluateRules(
      [
        backupVaultItem(vault, { Policy: protectingPolicy }, undefined, capture),
        backupVaultItem({ BackupVaultName: "open" }, undefined, undefined, capture),
      ],
      [rule("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED")],
    )
    expect(results.map((r) => [r.resourceId, r.compliance])).toEqual([
      ["app-backups", "COMPLIANT"],
      ["open", "NON_COMPLIANT"],
    ])
  })
})

describe("backupPlanItem and backupSelectionItem", () => {
  const plan = backupPlanItem(
    {
      BackupPlanId: "plan-1",
      BackupPlanArn: "arn:aws:backup:eu-west-1:111122223333:backup-plan:plan-1",
      VersionId: "v1",
      BackupPlan: {
        BackupPlanName: "weekly-7",
        Rules: [
          {
            RuleName: "weekly",
            TargetBackupVaultName: "app-backups",
            ScheduleExpression: "cron(0 5 ? * SUN *)",
            Lifecycle: { DeleteAfterDays: 7 },
          },
        ],
      },
    },
    capture,
  )
  const selection = backupSelectionItem(
    {
      SelectionId: "sel-1",
      BackupPlanId: "plan-1",
      BackupSelection: {
        SelectionName: "databases",
        IamRoleArn: "arn:aws:iam::111122223333:role/backup",
        Resources: ["arn:aws:rds:eu-west-1:111122223333:db:*"],
      },
    },
    capture,
  )

  it("records the plan's rules and the selection's assignments in Config's lower-camel schema", () => {
    expect(plan).toMatchObject({
      resourceType: "AWS::Backup::BackupPlan",
      resourceId: "plan-1",
      resourceName: "weekly-7",
    })
    expect(plan.configuration.backupPlan).toEqual({
      backupPlanName: "weekly-7",
      backupPlanRule: [
        {
          ruleName: "weekly",
          targetBackupVault: "app-backups",
          scheduleExpression: "cron(0 5 ? * SUN *)",
          lifecycle: { deleteAfterDays: 7 },
          copyActions: [],
        },
      ],
      advancedBackupSettings: [],
    })
    expect(selection).toMatchObject({
      resourceType: "AWS::Backup::BackupSelection",
      resourceId: "sel-1",
      resourceName: "databases",
    })
    expect(selection.configuration.backupSelection).toMatchObject({
      resources: ["arn:aws:rds:eu-west-1:111122223333:db:*"],
      notResources: [],
      listOfTags: [],
      conditions: { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] },
    })
  })

  it("is read by the plan and backup-coverage rules", () => {
    const database = {
      resourceType: "AWS::RDS::DBInstance",
      resourceId: "db-1",
      arn: "arn:aws:rds:eu-west-1:111122223333:db:orders",
      accountId: capture.accountId,
      awsRegion: capture.awsRegion,
      configuration: {},
    }
    const { results } = evaluateRules(
      [plan, selection, database],
      [rule("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"), rule("RDS_IN_BACKUP_PLAN")],
    )
    expect(results.map((r) => [r.ruleName, r.compliance])).toEqual([
      ["BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", "NON_COMPLIANT"],
      ["RDS_IN_BACKUP_PLAN", "COMPLIANT"],
    ])
  })
})

describe("recoveryPointItem", () => {
  it("records encryption and retention in PascalCase, under the recovery point's ARN", () => {
    const arn = "arn:aws:rds:eu-west-1:111122223333:snapshot:awsbackup:job-1"
    const item = recoveryPointItem(
      {
        RecoveryPointArn: arn,
        BackupVaultName: "app-backups",
        IsEncrypted: false,
        CreationDate: new Date("2026-01-01T00:00:00Z"),
        CalculatedLifecycle: { DeleteAt: new Date("2026-01-11T00:00:00Z") },
        CreatedBy: { BackupPlanId: "plan-1", BackupRuleId: "rule-1", BackupPlanName: "weekly-7" },
      },
      capture,
    )
    expect(item).toMatchObject({ resourceType: "AWS::Backup::RecoveryPoint", resourceId: arn, arn })
    expect(item.configuration).toEqual({
      RecoveryPointArn: arn,
      BackupVaultName: "app-backups",
      IsEncrypted: false,
      CreationDate: "2026-01-01T00:00:00.000Z",
      CalculatedLifecycle: { DeleteAt: "2026-01-11T00:00:00.000Z" },
      CreatedBy: { BackupPlanId: "plan-1", BackupRuleId: "rule-1" },
    })
    const { results } = evaluateRules(
      [item],
      [rule("BACKUP_RECOVERY_POINT_ENCRYPTED"), rule("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")],
    )
    expect(results.map((r) => [r.ruleName, r.compliance, r.annotation])).toEqual([
      ["BACKUP_RECOVERY_POINT_ENCRYPTED", "NON_COMPLIANT", expect.stringContaining("isEncrypted=false")],
      ["BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", "NON_COMPLIANT", expect.stringContaining("10 days")],
    ])
  })
})
