import type { Operation } from "../../operation.ts"
import { invalidParameter, missingParameter, notFound } from "./errors.ts"
import { requiredString, stringList } from "./input.ts"
import { vaultOfCall } from "./lookups.ts"
import { saved, type VaultNotifications } from "./state.ts"
import { vaultResource } from "./vaults.ts"

/** The events a vault can notify about (the SDK's BackupVaultEvent). */
export const backupVaultEvents: ReadonlyArray<string> = [
  "BACKUP_JOB_STARTED",
  "BACKUP_JOB_COMPLETED",
  "BACKUP_JOB_SUCCESSFUL",
  "BACKUP_JOB_FAILED",
  "BACKUP_JOB_EXPIRED",
  "RESTORE_JOB_STARTED",
  "RESTORE_JOB_COMPLETED",
  "RESTORE_JOB_SUCCESSFUL",
  "RESTORE_JOB_FAILED",
  "COPY_JOB_STARTED",
  "COPY_JOB_SUCCESSFUL",
  "COPY_JOB_FAILED",
  "RECOVERY_POINT_MODIFIED",
  "BACKUP_PLAN_CREATED",
  "BACKUP_PLAN_MODIFIED",
  "S3_BACKUP_OBJECT_FAILED",
  "S3_RESTORE_OBJECT_FAILED",
  "CONTINUOUS_BACKUP_INTERRUPTED",
  "RECOVERY_POINT_INDEX_COMPLETED",
  "RECOVERY_POINT_INDEX_DELETED",
  "RECOVERY_POINT_INDEXING_FAILED",
  "EKS_BACKUP_OBJECT_FAILED",
  "EKS_RESTORE_OBJECT_FAILED",
  "EKS_RESTORE_OBJECT_SKIPPED",
]

const topicArnPattern = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/

/** Checks a vault's notification settings (from the API or a scenario). */
export const checkedNotifications = (
  snsTopicArn: string,
  events: ReadonlyArray<string>,
): VaultNotifications => {
  if (!topicArnPattern.test(snsTopicArn))
    throw invalidParameter("SNSTopicArn", `${snsTopicArn} is not an SNS topic ARN.`)
  if (events.length === 0) throw missingParameter("BackupVaultEvents")
  events.forEach((event, index) => {
    if (!backupVaultEvents.includes(event))
      throw invalidParameter(`BackupVaultEvents[${index}]`, `${event} is not a backup vault event.`)
  })
  return { snsTopicArn, events: [...new Set(events)] }
}

const path = "/backup-vaults/{BackupVaultName}/notification-configuration"

/** PutBackupVaultNotifications, GetBackupVaultNotifications and DeleteBackupVaultNotifications. */
export const vaultNotificationOperations: ReadonlyArray<Operation> = [
  {
    name: "PutBackupVaultNotifications",
    readOnly: false,
    http: { method: "PUT", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, vault } = vaultOfCall(input, context, "backup:PutBackupVaultNotifications")
      vault.notifications = checkedNotifications(
        requiredString(input, "SNSTopicArn"),
        stringList(input, "BackupVaultEvents"),
      )
      saved(scope)
      return {}
    },
  },
  {
    name: "GetBackupVaultNotifications",
    readOnly: true,
    http: { method: "GET", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { vault } = vaultOfCall(input, context, "backup:GetBackupVaultNotifications")
      if (vault.notifications === undefined)
        throw notFound(`Notification configuration of backup vault ${vault.name}`, "BackupVaultName")
      return {
        BackupVaultName: vault.name,
        BackupVaultArn: vault.arn,
        SNSTopicArn: vault.notifications.snsTopicArn,
        BackupVaultEvents: vault.notifications.events,
      }
    },
  },
  {
    name: "DeleteBackupVaultNotifications",
    readOnly: false,
    http: { method: "DELETE", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, vault } = vaultOfCall(input, context, "backup:DeleteBackupVaultNotifications")
      delete vault.notifications
      saved(scope)
      return {}
    },
  },
]
