import type { ServiceDefinition } from "../../operation.ts"
import { backupJobOperations } from "./backup-jobs.ts"
import { backupConfigurationItems } from "./configuration-items.ts"
import { planOperations } from "./plans.ts"
import { recoveryPointOperations } from "./recovery-points.ts"
import { seedBackup } from "./seed.ts"
import { selectionOperations } from "./selections.ts"
import { vaultAccessPolicyOperations } from "./vault-access-policy.ts"
import { vaultLockOperations } from "./vault-lock-operations.ts"
import { vaultNotificationOperations } from "./vault-notifications.ts"
import { vaultOperations } from "./vaults.ts"

/**
 * AWS Backup: restJson1, regional. Vaults with access policies, notifications and Vault Lock (governance and
 * compliance mode, immutable after the grace time on the simulated clock), backup plans and selections, on-demand
 * backup jobs and the recovery points they make; recorded for AWS Config and loaded from `resources.backup`.
 */
export const backupService: ServiceDefinition = {
  signingName: "backup",
  actionPrefix: "backup",
  eventSource: "backup.amazonaws.com",
  protocol: "restJson1",
  errorMessageKey: "Message",
  operations: [
    ...vaultOperations,
    ...vaultAccessPolicyOperations,
    ...vaultNotificationOperations,
    ...vaultLockOperations,
    ...planOperations,
    ...selectionOperations,
    ...backupJobOperations,
    ...recoveryPointOperations,
  ],
  seed: seedBackup,
  configurationItems: backupConfigurationItems,
}
