import type {
  BackupVaultListMember,
  GetBackupPlanOutput,
  GetBackupSelectionOutput,
  GetBackupVaultAccessPolicyOutput,
  GetBackupVaultNotificationsOutput,
  RecoveryPointByBackupVault,
} from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import type { Capture } from "../capture.ts"
import { configurationItem } from "../private/configuration-item.ts"
import { defined, iso } from "../private/recorded.ts"

/*
 * AWS Backup's resources as AWS Config records them. Config records AWS::Backup::BackupVault and
 * AWS::Backup::RecoveryPoint in the CloudFormation registry's shapes, with PascalCase keys (`AccessPolicy`,
 * `LockConfiguration`, `IsEncrypted`, `Lifecycle.DeleteAfterDays`), and AWS::Backup::BackupPlan and
 * AWS::Backup::BackupSelection in their Config schemas' lower-camel keys (`backupPlan.backupPlanRule[]`,
 * `backupSelection.resources`), so each is mapped field by field rather than by lowering first letters.
 */

/** The Config resource types of AWS Backup's resources. */
export const backupResourceTypes = {
  vault: "AWS::Backup::BackupVault",
  plan: "AWS::Backup::BackupPlan",
  selection: "AWS::Backup::BackupSelection",
  recoveryPoint: "AWS::Backup::RecoveryPoint",
} as const

type Fields = Readonly<Record<string, unknown>>

/** The policy document as Config shows it: parsed, or the text itself when it is not JSON. */
const policyDocument = (text: string | undefined): unknown => {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/**
 * A backup vault as AWS Config records it, under its name: what ListBackupVaults (or DescribeBackupVault) says,
 * its access policy as a document, its notifications, and its Vault Lock range.
 */
export const backupVaultItem = (
  vault: BackupVaultListMember,
  accessPolicy: GetBackupVaultAccessPolicyOutput | undefined,
  notifications: GetBackupVaultNotificationsOutput | undefined,
  capture: Capture,
): ConfigurationItem =>
  configurationItem(
    {
      resourceType: backupResourceTypes.vault,
      resourceId: vault.BackupVaultName ?? "",
      resourceName: vault.BackupVaultName,
      arn: vault.BackupVaultArn,
      configuration:
        defined({
          BackupVaultName: vault.BackupVaultName,
          BackupVaultArn: vault.BackupVaultArn,
          EncryptionKeyArn: vault.EncryptionKeyArn,
          CreationDate: iso(vault.CreationDate),
          CreatorRequestId: vault.CreatorRequestId,
          NumberOfRecoveryPoints: vault.NumberOfRecoveryPoints,
          AccessPolicy: policyDocument(accessPolicy?.Policy),
          Notifications:
            notifications?.SNSTopicArn === undefined
              ? undefined
              : {
                  SNSTopicArn: notifications.SNSTopicArn,
                  BackupVaultEvents: notifications.BackupVaultEvents ?? [],
                },
          LockConfiguration: defined({
            MinRetentionDays: vault.MinRetentionDays,
            MaxRetentionDays: vault.MaxRetentionDays,
          }),
          Locked: vault.Locked,
          LockDate: iso(vault.LockDate),
        }) ?? {},
    },
    capture,
  )

const camelLifecycle = (
  lifecycle:
    | {
        readonly DeleteAfterDays?: number | undefined
        readonly MoveToColdStorageAfterDays?: number | undefined
      }
    | undefined,
): Fields | undefined =>
  defined({
    deleteAfterDays: lifecycle?.DeleteAfterDays,
    moveToColdStorageAfterDays: lifecycle?.MoveToColdStorageAfterDays,
  })

/**
 * A backup plan as AWS Config records it, under its id and named by its name: the current version's rules in
 * `backupPlan.backupPlanRule[]` (with `targetBackupVault`, `scheduleExpression`, `lifecycle.deleteAfterDays`).
 */
export const backupPlanItem = (plan: GetBackupPlanOutput, capture: Capture): ConfigurationItem => {
  const document = plan.BackupPlan
  const advanced = document?.AdvancedBackupSettings ?? plan.AdvancedBackupSettings ?? []
  return configurationItem(
    {
      resourceType: backupResourceTypes.plan,
      resourceId: plan.BackupPlanId ?? "",
      resourceName: document?.BackupPlanName,
      arn: plan.BackupPlanArn,
      configuration:
        defined({
          backupPlanId: plan.BackupPlanId,
          backupPlanArn: plan.BackupPlanArn,
          versionId: plan.VersionId,
          creationDate: iso(plan.CreationDate),
          backupPlan: defined({
            backupPlanName: document?.BackupPlanName,
            backupPlanRule: (document?.Rules ?? []).map((rule) =>
              defined({
                ruleName: rule.RuleName,
                ruleId: rule.RuleId,
                targetBackupVault: rule.TargetBackupVaultName,
                scheduleExpression: rule.ScheduleExpression,
                scheduleExpressionTimezone: rule.ScheduleExpressionTimezone,
                startWindowMinutes: rule.StartWindowMinutes,
                completionWindowMinutes: rule.CompletionWindowMinutes,
                lifecycle: camelLifecycle(rule.Lifecycle),
                recoveryPointTags: rule.RecoveryPointTags,
                copyActions: (rule.CopyActions ?? []).map((copy) =>
                  defined({
                    destinationBackupVaultArn: copy.DestinationBackupVaultArn,
                    lifecycle: camelLifecycle(copy.Lifecycle),
                  }),
                ),
                enableContinuousBackup: rule.EnableContinuousBackup,
              }),
            ),
            advancedBackupSettings: advanced.map((setting) => ({
              resourceType: setting.ResourceType,
              backupOptions: setting.BackupOptions,
            })),
          }),
        }) ?? {},
    },
    capture,
  )
}

const camelConditions = (
  conditions:
    | ReadonlyArray<{
        readonly ConditionKey?: string | undefined
        readonly ConditionValue?: string | undefined
      }>
    | undefined,
) =>
  (conditions ?? []).map((condition) => ({
    conditionKey: condition.ConditionKey,
    conditionValue: condition.ConditionValue,
  }))

/**
 * A backup selection as AWS Config records it, under its id and named by its name: what it assigns to its plan in
 * `backupSelection` (`resources`, `notResources`, `listOfTags`, `conditions`), which RDS_IN_BACKUP_PLAN matches.
 */
export const backupSelectionItem = (
  selection: GetBackupSelectionOutput,
  capture: Capture,
): ConfigurationItem => {
  const document = selection.BackupSelection
  const conditions = document?.Conditions
  return configurationItem(
    {
      resourceType: backupResourceTypes.selection,
      resourceId: selection.SelectionId ?? "",
      resourceName: document?.SelectionName,
      configuration:
        defined({
          id: selection.SelectionId,
          selectionId: selection.SelectionId,
          backupPlanId: selection.BackupPlanId,
          creationDate: iso(selection.CreationDate),
          backupSelection: defined({
            selectionName: document?.SelectionName,
            iamRoleArn: document?.IamRoleArn,
            resources: document?.Resources ?? [],
            notResources: document?.NotResources ?? [],
            listOfTags: (document?.ListOfTags ?? []).map((condition) => ({
              conditionType: condition.ConditionType,
              conditionKey: condition.ConditionKey,
              conditionValue: condition.ConditionValue,
            })),
            conditions: {
              stringEquals: camelConditions(conditions?.StringEquals),
              stringNotEquals: camelConditions(conditions?.StringNotEquals),
              stringLike: camelConditions(conditions?.StringLike),
              stringNotLike: camelConditions(conditions?.StringNotLike),
            },
          }),
        }) ?? {},
    },
    capture,
  )
}

/**
 * A recovery point as AWS Config records it, under its ARN: encryption (`IsEncrypted`), the lifecycle it was
 * given and the deletion date that follows (`CalculatedLifecycle.DeleteAt`), and the plan and rule that made it.
 */
export const recoveryPointItem = (point: RecoveryPointByBackupVault, capture: Capture): ConfigurationItem =>
  configurationItem(
    {
      resourceType: backupResourceTypes.recoveryPoint,
      resourceId: point.RecoveryPointArn ?? "",
      arn: point.RecoveryPointArn,
      configuration:
        defined({
          RecoveryPointArn: point.RecoveryPointArn,
          BackupVaultName: point.BackupVaultName,
          BackupVaultArn: point.BackupVaultArn,
          ResourceArn: point.ResourceArn,
          ResourceType: point.ResourceType,
          IamRoleArn: point.IamRoleArn,
          Status: point.Status,
          CreationDate: iso(point.CreationDate),
          CompletionDate: iso(point.CompletionDate),
          IsEncrypted: point.IsEncrypted,
          EncryptionKeyArn: point.EncryptionKeyArn,
          Lifecycle: defined({
            DeleteAfterDays: point.Lifecycle?.DeleteAfterDays,
            MoveToColdStorageAfterDays: point.Lifecycle?.MoveToColdStorageAfterDays,
          }),
          CalculatedLifecycle: defined({
            DeleteAt: iso(point.CalculatedLifecycle?.DeleteAt),
            MoveToColdStorageAt: iso(point.CalculatedLifecycle?.MoveToColdStorageAt),
          }),
          CreatedBy:
            point.CreatedBy === undefined
              ? undefined
              : defined({
                  BackupPlanId: point.CreatedBy.BackupPlanId,
                  BackupRuleId: point.CreatedBy.BackupRuleId,
                }),
        }) ?? {},
    },
    capture,
  )
