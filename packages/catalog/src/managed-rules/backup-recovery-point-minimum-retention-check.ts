/*
 * BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK —
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-minimum-retention-check.html
 * Reads AWS::Backup::RecoveryPoint `configuration.lifecycle.deleteAfterDays`; without it, the retention is the time
 * from `configuration.creationDate` to `configuration.calculatedLifecycle.deleteAt` (ISO text or epoch seconds).
 * A recovery point with neither has no expiry and complies. No clock is read: retention is a property of the
 * recovery point, not of today's date.
 */
import type { ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { asNumber, asText, configField, fieldPath, resourceLabel } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { integerParameter } from "./private/parameters.ts"

const identifier = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"
const millisecondsPerDay = 24 * 60 * 60 * 1000

const requiredRetentionDays: ParameterSpec = {
  name: "requiredRetentionDays",
  type: "number",
  description: "Optional. Days a recovery point must be kept at least.",
  default: 35,
  min: 1,
}

/** A recorded timestamp in epoch milliseconds: ISO text, or epoch seconds as the Backup API returns them. */
const instant = (value: unknown): number | undefined => {
  const number = asNumber(value)
  if (number !== undefined) return number < 1e11 ? number * 1000 : number
  const text = asText(value)
  const parsed = text === undefined ? Number.NaN : Date.parse(text)
  return Number.isNaN(parsed) ? undefined : parsed
}

/** Days between creation and scheduled deletion, or undefined when the recovery point never expires. */
const retentionDaysOf = (configuration: unknown): number | undefined => {
  const deleteAfterDays = asNumber(fieldPath(configuration, "lifecycle", "deleteAfterDays"))
  if (deleteAfterDays !== undefined) return deleteAfterDays
  const created = instant(fieldPath(configuration, "creationDate"))
  const deleteAt = instant(fieldPath(configuration, "calculatedLifecycle", "deleteAt"))
  return created === undefined || deleteAt === undefined
    ? undefined
    : (deleteAt - created) / millisecondsPerDay
}

/** Checks that an AWS Backup recovery point is kept at least a required number of days. */
export const backupRecoveryPointMinimumRetentionCheck: ManagedRule = defineManagedRule({
  identifier,
  description: "Checks if a recovery point expires no earlier than after the required retention period.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::Backup::RecoveryPoint"],
  parameters: [requiredRetentionDays],
  evaluate: ({ item, parameters }) => {
    const required = integerParameter(identifier, requiredRetentionDays, parameters) ?? 35
    const vault = asText(configField(item, "backupVaultName")) ?? "its vault"
    const kept = retentionDaysOf(item.configuration)
    if (kept === undefined)
      return compliant(`Recovery point ${resourceLabel(item)} in ${vault} does not expire.`)
    const days = Math.round(kept * 100) / 100
    return kept >= required
      ? compliant(`Recovery point ${resourceLabel(item)} in ${vault} is kept ${days} days.`)
      : nonCompliant(
          `Recovery point ${resourceLabel(item)} in ${vault} is kept ${days} days, less than the required ${required}; extend its lifecycle and the backup rule's deleteAfterDays.`,
        )
  },
})
