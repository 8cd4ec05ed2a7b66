import type { CallContext } from "../../operation.ts"
import type { SandboxStore } from "../../state/store.ts"

/*
 * AWS Backup's state for one account and region, kept as plain JSON in the account's file. Every instant is
 * epoch milliseconds of the simulated clock; states that change with time (a job running then completed, a lock
 * becoming immutable, a recovery point expiring) are derived from these instants when read, never by timers.
 */

/** A recovery point's lifecycle as the API spells it. */
export interface LifecycleRecord {
  readonly deleteAfterDays?: number
  readonly moveToColdStorageAfterDays?: number
}

/** A vault's Vault Lock configuration. */
export interface LockRecord {
  readonly minRetentionDays?: number
  readonly maxRetentionDays?: number
  /** Compliance mode only: as given, for the record (CloudFormation's LockConfiguration shows it). */
  readonly changeableForDays?: number
  /** Compliance mode only: from this instant on the configuration can no longer be changed or deleted. */
  readonly lockDate?: number
  readonly createdAt: number
}

export interface VaultNotifications {
  readonly snsTopicArn: string
  readonly events: ReadonlyArray<string>
}

export interface VaultRecord {
  readonly name: string
  readonly arn: string
  readonly creationDate: number
  readonly encryptionKeyArn: string
  /** False for the account's `aws/backup` key that AWS Backup picks when no key is given. */
  readonly customerManagedKey: boolean
  readonly creatorRequestId?: string
  readonly tags: Readonly<Record<string, string>>
  /** The access policy document as text, as PutBackupVaultAccessPolicy received it. */
  accessPolicy?: string
  notifications?: VaultNotifications
  lock?: LockRecord
}

export interface CopyActionRecord {
  readonly destinationBackupVaultArn: string
  readonly lifecycle?: LifecycleRecord
}

export interface RuleRecord {
  readonly ruleId: string
  readonly ruleName: string
  readonly targetBackupVaultName: string
  readonly scheduleExpression: string
  readonly scheduleExpressionTimezone: string
  readonly startWindowMinutes: number
  readonly completionWindowMinutes: number
  readonly lifecycle?: LifecycleRecord
  readonly recoveryPointTags?: Readonly<Record<string, string>>
  readonly copyActions: ReadonlyArray<CopyActionRecord>
  readonly enableContinuousBackup: boolean
}

export interface AdvancedBackupSettingRecord {
  readonly resourceType: string
  readonly backupOptions: Readonly<Record<string, string>>
}

/** One version of a backup plan: every update makes a new one. */
export interface PlanVersionRecord {
  readonly versionId: string
  readonly creationDate: number
  readonly name: string
  readonly rules: ReadonlyArray<RuleRecord>
  readonly advancedBackupSettings: ReadonlyArray<AdvancedBackupSettingRecord>
}

export interface PlanRecord {
  readonly id: string
  readonly arn: string
  readonly creatorRequestId?: string
  readonly tags: Readonly<Record<string, string>>
  /** Oldest first; the last one is current. */
  versions: PlanVersionRecord[]
  deletionDate?: number
}

export interface TagConditionRecord {
  readonly key: string
  readonly value: string
}

export interface SelectionConditionsRecord {
  readonly stringEquals: ReadonlyArray<TagConditionRecord>
  readonly stringNotEquals: ReadonlyArray<TagConditionRecord>
  readonly stringLike: ReadonlyArray<TagConditionRecord>
  readonly stringNotLike: ReadonlyArray<TagConditionRecord>
}

export interface SelectionRecord {
  readonly id: string
  readonly planId: string
  readonly name: string
  readonly creationDate: number
  readonly creatorRequestId?: string
  readonly iamRoleArn: string
  readonly resources: ReadonlyArray<string>
  readonly notResources: ReadonlyArray<string>
  /** ListOfTags: every entry is a STRINGEQUALS condition. */
  readonly listOfTags: ReadonlyArray<TagConditionRecord>
  readonly conditions: SelectionConditionsRecord
}

/** Which plan and rule made a recovery point (RecoveryPointCreator). */
export interface CreatorRecord {
  readonly planId: string
  readonly planArn: string
  readonly planName: string
  readonly planVersion: string
  readonly ruleId: string
  readonly ruleName: string
  readonly ruleCron: string
}

export interface RecoveryPointRecord {
  readonly arn: string
  readonly vaultName: string
  readonly resourceArn: string
  readonly resourceType: string
  readonly resourceName: string
  readonly iamRoleArn: string
  readonly creationDate: number
  /** The status is CREATING before this instant and COMPLETED from it on. */
  readonly completionDate: number
  lifecycle?: LifecycleRecord
  readonly isEncrypted: boolean
  readonly encryptionKeyArn?: string
  readonly backupSizeInBytes: number
  readonly createdBy?: CreatorRecord
  readonly tags: Readonly<Record<string, string>>
}

export interface BackupJobRecord {
  readonly id: string
  readonly vaultName: string
  readonly vaultArn: string
  readonly resourceArn: string
  readonly resourceType: string
  readonly resourceName: string
  readonly iamRoleArn: string
  readonly creationDate: number
  readonly startBy: number
  /** RUNNING before this instant, COMPLETED from it on (unless the job failed). */
  readonly completionDate: number
  readonly recoveryPointArn?: string
  /** Why the job failed, when it did (a retention outside the vault lock's range). */
  readonly failure?: string
  readonly lifecycle?: LifecycleRecord
  readonly encryptionKeyArn: string
  readonly idempotencyToken?: string
  readonly backupOptions?: Readonly<Record<string, string>>
}

/** Everything AWS Backup holds for one account and region. */
export interface BackupState {
  vaults: Record<string, VaultRecord>
  plans: Record<string, PlanRecord>
  selections: Record<string, SelectionRecord>
  jobs: Record<string, BackupJobRecord>
  /** By recovery point ARN. */
  recoveryPoints: Record<string, RecoveryPointRecord>
  /** The ARN of the account's `aws/backup` KMS key, made the first time a vault needs it. */
  defaultKeyArn?: string
}

/** Where a change happens and when: from a call, or from a scenario being loaded. */
export interface Scope {
  readonly store: SandboxStore
  readonly account: string
  readonly region: string
  readonly partition: string
  readonly now: number
}

/** The scope of an API call, at the simulated time it is made. */
export const scopeOf = (context: CallContext): Scope => ({
  store: context.store,
  account: context.account,
  region: context.region,
  partition: context.partition,
  now: context.clock.now(),
})

const sliceName = "backup"

const emptyState = (): BackupState => ({
  vaults: {},
  plans: {},
  selections: {},
  jobs: {},
  recoveryPoints: {},
})

/** The scope's Backup state, created empty the first time. */
export const backupState = (scope: Scope): BackupState =>
  scope.store.regionSlice(scope.account, scope.region, sliceName, emptyState)

/** The Backup state of an account and region when it has one; reading never creates it. */
export const peekBackupState = (
  store: SandboxStore,
  account: string,
  region: string,
): BackupState | undefined =>
  store.accounts.get(account)?.regions[region]?.[sliceName] as BackupState | undefined

/** Marks the scope's account as changed so the store writes it before the answer goes out. */
export const saved = (scope: Scope): void => scope.store.touch(scope.account)
