/*
 * BACKUP_RECOVERY_POINT_ENCRYPTED — https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-encrypted.html
 * Reads AWS::Backup::RecoveryPoint `configuration.isEncrypted` (Config records it as `IsEncrypted`; both are read)
 * and `configuration.backupVaultName` for the annotation.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, asText, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that an AWS Backup recovery point is encrypted. */
export const backupRecoveryPointEncrypted: ManagedRule = defineManagedRule({
  identifier: "BACKUP_RECOVERY_POINT_ENCRYPTED",
  description: "Checks if AWS Backup recovery points are encrypted.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::Backup::RecoveryPoint"],
  parameters: [],
  evaluate: ({ item }) => {
    const encrypted = configField(item, "isEncrypted")
    const vault = asText(configField(item, "backupVaultName")) ?? "its vault"
    return asBoolean(encrypted) === true
      ? compliant(`Recovery point ${resourceLabel(item)} in ${vault} is encrypted.`)
      : nonCompliant(
          `Recovery point ${resourceLabel(item)} in ${vault} has isEncrypted=${shown(encrypted)}; back the resource up again into a vault with a KMS key (or encrypt the source) and delete this recovery point.`,
        )
  },
})
