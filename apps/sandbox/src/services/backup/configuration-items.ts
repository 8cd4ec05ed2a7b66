import type { ConfigurationItem } from "@rampart/model"
import type { SandboxStore } from "../../state/store.ts"
import { deleteAt, moveToColdStorageAt } from "./lifecycle.ts"
import { currentVersion } from "./shapes.ts"
import {
  type LifecycleRecord,
  type PlanRecord,
  peekBackupState,
  type RecoveryPointRecord,
  type SelectionRecord,
  type TagConditionRecord,
  type VaultRecord,
} from "./state.ts"
import { liveRecoveryPoints, recoveryPointStatus, storageClass } from "./time-states.ts"

/*
 * Backup's resources as AWS Config records them. Config records AWS::Backup::BackupVault and
 * AWS::Backup::RecoveryPoint with PascalCase keys (CloudFormation registry shapes: `BackupVaultName`,
 * `AccessPolicy`, `LockConfiguration`, `IsEncrypted`, `Lifecycle.DeleteAfterDays`), and AWS::Backup::BackupPlan
 * and AWS::Backup::BackupSelection with the lower-camel keys of their Config schemas (`backupPlan.backupPlanRule[]`,
 * `backupSelection.resources`). Instants are ISO text. Deleted plans and recovery points the lifecycle has deleted
 * are not recorded.
 */

const iso = (instant: number | undefined): string | undefined =>
  instant === undefined ? undefined : new Date(instant).toISOString()

/** Drops undefined members so the recorded configuration reads like Config's JSON. */
const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))

const policyDocument = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const vaultItem = (
  vault: VaultRecord,
  points: number,
  base: Pick<ConfigurationItem, "accountId" | "awsRegion" | "configurationItemCaptureTime">,
): ConfigurationItem => ({
  ...base,
  resourceType: "AWS::Backup::BackupVault",
  resourceId: vault.name,
  resourceName: vault.name,
  arn: vault.arn,
  tags: vault.tags,
  configuration: defined({
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    EncryptionKeyArn: vault.encryptionKeyArn,
    CreationDate: iso(vault.creationDate),
    CreatorRequestId: vault.creatorRequestId,
    NumberOfRecoveryPoints: points,
    AccessPolicy: vault.accessPolicy === undefined ? undefined : policyDocument(vault.accessPolicy),
    Notifications:
      vault.notifications === undefined
        ? undefined
        : { SNSTopicArn: vault.notifications.snsTopicArn, BackupVaultEvents: vault.notifications.events },
    LockConfiguration:
      vault.lock === undefined
        ? undefined
        : defined({
            MinRetentionDays: vault.lock.minRetentionDays,
            MaxRetentionDays: vault.lock.maxRetentionDays,
            ChangeableForDays: vault.lock.changeableForDays,
          }),
    Locked: vault.lock !== undefined,
    LockDate: iso(vault.lock?.lockDate),
  }),
})

const camelLifecycle = (lifecycle: LifecycleRecord | undefined) =>
  lifecycle === undefined
    ? undefined
    : defined({
        deleteAfterDays: lifecycle.deleteAfterDays,
        moveToColdStorageAfterDays: lifecycle.moveToColdStorageAfterDays,
      })

const planItem = (
  plan: PlanRecord,
  base: Pick<ConfigurationItem, "accountId" | "awsRegion" | "configurationItemCaptureTime">,
): ConfigurationItem => {
  const version = currentVersion(plan)
  return {
    ...base,
    resourceType: "AWS::Backup::BackupPlan",
    resourceId: plan.id,
    resourceName: version.name,
    arn: plan.arn,
    tags: plan.tags,
    configuration: {
      backupPlanId: plan.id,
      backupPlanArn: plan.arn,
      versionId: version.versionId,
      creationDate: iso(version.creationDate),
      backupPlan: {
        backupPlanName: version.name,
        backupPlanRule: version.rules.map((rule) =>
          defined({
            ruleName: rule.ruleName,
            ruleId: rule.ruleId,
            targetBackupVault: rule.targetBackupVaultName,
            scheduleExpression: rule.scheduleExpression,
            scheduleExpressionTimezone: rule.scheduleExpressionTimezone,
            startWindowMinutes: rule.startWindowMinutes,
            completionWindowMinutes: rule.completionWindowMinutes,
            lifecycle: camelLifecycle(rule.lifecycle),
            recoveryPointTags: rule.recoveryPointTags,
            copyActions: rule.copyActions.map((copy) =>
              defined({
                destinationBackupVaultArn: copy.destinationBackupVaultArn,
                lifecycle: camelLifecycle(copy.lifecycle),
              }),
            ),
            enableContinuousBackup: rule.enableContinuousBackup,
          }),
        ),
        advancedBackupSettings: version.advancedBackupSettings.map((setting) => ({
          resourceType: setting.resourceType,
          backupOptions: setting.backupOptions,
        })),
      },
    },
  }
}

const camelConditions = (conditions: ReadonlyArray<TagConditionRecord>) =>
  conditions.map((condition) => ({ conditionKey: condition.key, conditionValue: condition.value }))

const selectionItem = (
  selection: SelectionRecord,
  base: Pick<ConfigurationItem, "accountId" | "awsRegion" | "configurationItemCaptureTime">,
): ConfigurationItem => ({
  ...base,
  resourceType: "AWS::Backup::BackupSelection",
  resourceId: selection.id,
  resourceName: selection.name,
  configuration: {
    id: selection.id,
    selectionId: selection.id,
    backupPlanId: selection.planId,
    creationDate: iso(selection.creationDate),
    backupSelection: {
      selectionName: selection.name,
      iamRoleArn: selection.iamRoleArn,
      resources: selection.resources,
      notResources: selection.notResources,
      listOfTags: selection.listOfTags.map((condition) => ({
        conditionType: "STRINGEQUALS",
        conditionKey: condition.key,
        conditionValue: condition.value,
      })),
      conditions: {
        stringEquals: camelConditions(selection.conditions.stringEquals),
        stringNotEquals: camelConditions(selection.conditions.stringNotEquals),
        stringLike: camelConditions(selection.conditions.stringLike),
        stringNotLike: camelConditions(selection.conditions.stringNotLike),
      },
    },
  },
})

const recoveryPointItem = (
  point: RecoveryPointRecord,
  vault: VaultRecord,
  now: number,
  base: Pick<ConfigurationItem, "accountId" | "awsRegion" | "configurationItemCaptureTime">,
): ConfigurationItem => {
  const deletion = deleteAt(point.creationDate, point.lifecycle)
  const cold = moveToColdStorageAt(point.creationDate, point.lifecycle)
  return {
    ...base,
    resourceType: "AWS::Backup::RecoveryPoint",
    resourceId: point.arn,
    arn: point.arn,
    tags: point.tags,
    configuration: defined({
      RecoveryPointArn: point.arn,
      BackupVaultName: vault.name,
      BackupVaultArn: vault.arn,
      ResourceArn: point.resourceArn,
      ResourceType: point.resourceType,
      IamRoleArn: point.iamRoleArn,
      Status: recoveryPointStatus(point, now),
      CreationDate: iso(point.creationDate),
      CompletionDate: now >= point.completionDate ? iso(point.completionDate) : undefined,
      IsEncrypted: point.isEncrypted,
      EncryptionKeyArn: point.encryptionKeyArn,
      StorageClass: storageClass(point, now),
      Lifecycle:
        point.lifecycle === undefined
          ? undefined
          : defined({
              DeleteAfterDays: point.lifecycle.deleteAfterDays,
              MoveToColdStorageAfterDays: point.lifecycle.moveToColdStorageAfterDays,
            }),
      CalculatedLifecycle:
        deletion === undefined && cold === undefined
          ? undefined
          : defined({ DeleteAt: iso(deletion), MoveToColdStorageAt: iso(cold) }),
      CreatedBy:
        point.createdBy === undefined
          ? undefined
          : { BackupPlanId: point.createdBy.planId, BackupRuleId: point.createdBy.ruleId },
    }),
  }
}

/** The Backup resources of one account and Region as AWS Config records them at simulated time `now`. */
export const backupConfigurationItems = (
  store: SandboxStore,
  account: string,
  region: string,
  now: number,
): ReadonlyArray<ConfigurationItem> => {
  const state = peekBackupState(store, account, region)
  if (state === undefined) return []
  const base = {
    accountId: account,
    awsRegion: region,
    configurationItemCaptureTime: new Date(now).toISOString(),
  }
  const vaults = Object.values(state.vaults).sort((a, b) => a.name.localeCompare(b.name))
  return [
    ...vaults.map((vault) => vaultItem(vault, liveRecoveryPoints(state, vault.name, now).length, base)),
    ...Object.values(state.plans)
      .filter((plan) => plan.deletionDate === undefined)
      .map((plan) => planItem(plan, base)),
    ...Object.values(state.selections).map((selection) => selectionItem(selection, base)),
    ...vaults.flatMap((vault) =>
      liveRecoveryPoints(state, vault.name, now).map((point) => recoveryPointItem(point, vault, now, base)),
    ),
  ]
}
