import { modificationAction, setOnCluster } from "./instance-modification.ts"

/** Turns on automated backups with the policy's retention (answers DB_INSTANCE_BACKUP_ENABLED). */
export const enableBackups = modificationAction({
  id: "enable-backups",
  answers: "DB_INSTANCE_BACKUP_ENABLED",
  summary: "Set the automated backup retention to remediation.backupRetentionDays.",
  notSupported: setOnCluster("the backup retention"),
  change: (policy) => ({ backupRetentionPeriod: policy.backupRetentionDays }),
  current: (instance) => ({ backupRetentionPeriod: instance.BackupRetentionPeriod }),
})
