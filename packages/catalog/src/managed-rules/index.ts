import { backupPlanMinFrequencyAndMinRetentionCheck } from "./backup-plan-min-frequency-and-min-retention-check.ts"
import { backupRecoveryPointEncrypted } from "./backup-recovery-point-encrypted.ts"
import { backupRecoveryPointManualDeletionDisabled } from "./backup-recovery-point-manual-deletion-disabled.ts"
import { backupRecoveryPointMinimumRetentionCheck } from "./backup-recovery-point-minimum-retention-check.ts"
import { cloudTrailEnabled } from "./cloud-trail-enabled.ts"
import { dbInstanceBackupEnabled } from "./db-instance-backup-enabled.ts"
import type { ManagedRule } from "./managed-rule.ts"
import { rdsAutomaticMinorVersionUpgradeEnabled } from "./rds-automatic-minor-version-upgrade-enabled.ts"
import { rdsClusterDeletionProtectionEnabled } from "./rds-cluster-deletion-protection-enabled.ts"
import { rdsClusterEncryptedAtRest } from "./rds-cluster-encrypted-at-rest.ts"
import { rdsEnhancedMonitoringEnabled } from "./rds-enhanced-monitoring-enabled.ts"
import { rdsInBackupPlan } from "./rds-in-backup-plan.ts"
import { rdsInstanceDeletionProtectionEnabled } from "./rds-instance-deletion-protection-enabled.ts"
import { rdsInstanceIamAuthenticationEnabled } from "./rds-instance-iam-authentication-enabled.ts"
import { rdsInstancePublicAccessCheck } from "./rds-instance-public-access-check.ts"
import { rdsLoggingEnabled } from "./rds-logging-enabled.ts"
import { rdsMultiAzSupport } from "./rds-multi-az-support.ts"
import { rdsSnapshotEncrypted } from "./rds-snapshot-encrypted.ts"
import { rdsSnapshotsPublicProhibited } from "./rds-snapshots-public-prohibited.ts"
import { rdsStorageEncrypted } from "./rds-storage-encrypted.ts"

export type { ManagedRule, RuleInput } from "./managed-rule.ts"
export { RuleParameterError } from "./managed-rule.ts"

/** Every AWS Config managed rule Rampart can evaluate offline, sorted by identifier. */
export const managedRules: ReadonlyArray<ManagedRule> = [
  backupPlanMinFrequencyAndMinRetentionCheck,
  backupRecoveryPointEncrypted,
  backupRecoveryPointManualDeletionDisabled,
  backupRecoveryPointMinimumRetentionCheck,
  cloudTrailEnabled,
  dbInstanceBackupEnabled,
  rdsAutomaticMinorVersionUpgradeEnabled,
  rdsClusterDeletionProtectionEnabled,
  rdsClusterEncryptedAtRest,
  rdsEnhancedMonitoringEnabled,
  rdsInstanceDeletionProtectionEnabled,
  rdsInstanceIamAuthenticationEnabled,
  rdsInstancePublicAccessCheck,
  rdsInBackupPlan,
  rdsLoggingEnabled,
  rdsMultiAzSupport,
  rdsSnapshotsPublicProhibited,
  rdsSnapshotEncrypted,
  rdsStorageEncrypted,
]

/** The managed rules keyed by their source identifier (`RDS_STORAGE_ENCRYPTED`). */
export const managedRuleByIdentifier: ReadonlyMap<string, ManagedRule> = new Map(
  managedRules.map((rule) => [rule.identifier, rule]),
)
