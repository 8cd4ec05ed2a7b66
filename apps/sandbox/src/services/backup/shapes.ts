import { calculatedLifecycleShape, lifecycleShape } from "./lifecycle.ts"
import type {
  AdvancedBackupSettingRecord,
  BackupJobRecord,
  BackupState,
  CreatorRecord,
  PlanRecord,
  PlanVersionRecord,
  RecoveryPointRecord,
  RuleRecord,
  SelectionRecord,
  TagConditionRecord,
  VaultRecord,
} from "./state.ts"
import {
  jobState,
  liveRecoveryPoints,
  percentDone,
  recoveryPointStatus,
  storageClass,
} from "./time-states.ts"

/*
 * How AWS Backup describes its resources on the wire, with the member names of the SDK's schemas. Instants
 * become Date objects, which the restJson1 encoder writes as epoch seconds; absent members are left undefined
 * and so dropped from the JSON.
 */

const date = (instant: number | undefined): Date | undefined =>
  instant === undefined ? undefined : new Date(instant)

/** A vault as DescribeBackupVault and ListBackupVaults answer it. */
export const vaultShape = (vault: VaultRecord, state: BackupState, now: number) => ({
  BackupVaultName: vault.name,
  BackupVaultArn: vault.arn,
  VaultType: "BACKUP_VAULT",
  VaultState: "AVAILABLE",
  EncryptionKeyArn: vault.encryptionKeyArn,
  EncryptionKeyType: vault.customerManagedKey ? "CUSTOMER_MANAGED_KMS_KEY" : undefined,
  CreationDate: new Date(vault.creationDate),
  CreatorRequestId: vault.creatorRequestId,
  NumberOfRecoveryPoints: liveRecoveryPoints(state, vault.name, now).length,
  // A configured lock applies at once (recovery points cannot be deleted, jobs must respect its range);
  // LockDate tells when a compliance-mode lock stops being changeable.
  Locked: vault.lock !== undefined,
  MinRetentionDays: vault.lock?.minRetentionDays,
  MaxRetentionDays: vault.lock?.maxRetentionDays,
  LockDate: date(vault.lock?.lockDate),
})

const advancedSettingShape = (setting: AdvancedBackupSettingRecord) => ({
  ResourceType: setting.resourceType,
  BackupOptions: setting.backupOptions,
})

export const advancedSettingsShape = (version: PlanVersionRecord) =>
  version.advancedBackupSettings.length === 0
    ? undefined
    : version.advancedBackupSettings.map(advancedSettingShape)

const ruleShape = (rule: RuleRecord) => ({
  RuleName: rule.ruleName,
  RuleId: rule.ruleId,
  TargetBackupVaultName: rule.targetBackupVaultName,
  ScheduleExpression: rule.scheduleExpression,
  ScheduleExpressionTimezone: rule.scheduleExpressionTimezone,
  StartWindowMinutes: rule.startWindowMinutes,
  CompletionWindowMinutes: rule.completionWindowMinutes,
  Lifecycle: lifecycleShape(rule.lifecycle),
  RecoveryPointTags: rule.recoveryPointTags,
  CopyActions: rule.copyActions.map((copy) => ({
    DestinationBackupVaultArn: copy.destinationBackupVaultArn,
    Lifecycle: lifecycleShape(copy.lifecycle),
  })),
  EnableContinuousBackup: rule.enableContinuousBackup,
})

/** `BackupPlan` of GetBackupPlan: the plan document of one version. */
export const planDocumentShape = (version: PlanVersionRecord) => ({
  BackupPlanName: version.name,
  Rules: version.rules.map(ruleShape),
  AdvancedBackupSettings: advancedSettingsShape(version),
})

/** The current version of a plan. */
export const currentVersion = (plan: PlanRecord): PlanVersionRecord =>
  plan.versions.at(-1) as PlanVersionRecord

/** A plan as ListBackupPlans answers it. */
export const planListMemberShape = (plan: PlanRecord) => {
  const version = currentVersion(plan)
  return {
    BackupPlanArn: plan.arn,
    BackupPlanId: plan.id,
    BackupPlanName: version.name,
    VersionId: version.versionId,
    CreationDate: new Date(version.creationDate),
    DeletionDate: date(plan.deletionDate),
    CreatorRequestId: plan.creatorRequestId,
    AdvancedBackupSettings: advancedSettingsShape(version),
  }
}

const tagConditionShape = (condition: TagConditionRecord) => ({
  ConditionKey: condition.key,
  ConditionValue: condition.value,
})

/** `BackupSelection` of GetBackupSelection. */
export const selectionDocumentShape = (selection: SelectionRecord) => ({
  SelectionName: selection.name,
  IamRoleArn: selection.iamRoleArn,
  Resources: selection.resources,
  NotResources: selection.notResources,
  ListOfTags: selection.listOfTags.map((condition) => ({
    ConditionType: "STRINGEQUALS",
    ...tagConditionShape(condition),
  })),
  Conditions: {
    StringEquals: selection.conditions.stringEquals.map(tagConditionShape),
    StringNotEquals: selection.conditions.stringNotEquals.map(tagConditionShape),
    StringLike: selection.conditions.stringLike.map(tagConditionShape),
    StringNotLike: selection.conditions.stringNotLike.map(tagConditionShape),
  },
})

/** A selection as ListBackupSelections answers it. */
export const selectionListMemberShape = (selection: SelectionRecord) => ({
  SelectionId: selection.id,
  SelectionName: selection.name,
  BackupPlanId: selection.planId,
  CreationDate: new Date(selection.creationDate),
  CreatorRequestId: selection.creatorRequestId,
  IamRoleArn: selection.iamRoleArn,
})

const creatorShape = (creator: CreatorRecord | undefined) =>
  creator === undefined
    ? undefined
    : {
        BackupPlanId: creator.planId,
        BackupPlanArn: creator.planArn,
        BackupPlanName: creator.planName,
        BackupPlanVersion: creator.planVersion,
        BackupRuleId: creator.ruleId,
        BackupRuleName: creator.ruleName,
        BackupRuleCron: creator.ruleCron,
      }

/** A recovery point as DescribeRecoveryPoint and ListRecoveryPointsByBackupVault answer it. */
export const recoveryPointShape = (point: RecoveryPointRecord, vault: VaultRecord, now: number) => {
  const status = recoveryPointStatus(point, now)
  return {
    RecoveryPointArn: point.arn,
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    ResourceArn: point.resourceArn,
    ResourceType: point.resourceType,
    ResourceName: point.resourceName,
    CreatedBy: creatorShape(point.createdBy),
    IamRoleArn: point.iamRoleArn,
    Status: status,
    CreationDate: new Date(point.creationDate),
    InitiationDate: new Date(point.creationDate),
    CompletionDate: status === "COMPLETED" ? new Date(point.completionDate) : undefined,
    BackupSizeInBytes: status === "COMPLETED" ? point.backupSizeInBytes : 0,
    Lifecycle: lifecycleShape(point.lifecycle),
    CalculatedLifecycle: calculatedLifecycleShape(point.creationDate, point.lifecycle),
    EncryptionKeyArn: point.encryptionKeyArn,
    IsEncrypted: point.isEncrypted,
    StorageClass: storageClass(point, now),
    IsParent: false,
    VaultType: "BACKUP_VAULT",
  }
}

/** A backup job as DescribeBackupJob answers it. */
export const backupJobShape = (job: BackupJobRecord, account: string, now: number) => {
  const state = jobState(job, now)
  return {
    AccountId: account,
    BackupJobId: job.id,
    BackupVaultName: job.vaultName,
    BackupVaultArn: job.vaultArn,
    VaultType: "BACKUP_VAULT",
    RecoveryPointArn: job.recoveryPointArn,
    RecoveryPointLifecycle: lifecycleShape(job.lifecycle),
    EncryptionKeyArn: job.encryptionKeyArn,
    // Backups go into the vault encrypted with its key.
    IsEncrypted: true,
    ResourceArn: job.resourceArn,
    ResourceType: job.resourceType,
    ResourceName: job.resourceName,
    CreationDate: new Date(job.creationDate),
    InitiationDate: new Date(job.creationDate),
    StartBy: new Date(job.startBy),
    ExpectedCompletionDate: new Date(job.completionDate),
    CompletionDate:
      state === "RUNNING" ? undefined : new Date(state === "FAILED" ? job.creationDate : job.completionDate),
    State: state,
    StatusMessage: job.failure,
    PercentDone: percentDone(job, now),
    IamRoleArn: job.iamRoleArn,
    BackupOptions: job.backupOptions,
    IsParent: false,
  }
}
