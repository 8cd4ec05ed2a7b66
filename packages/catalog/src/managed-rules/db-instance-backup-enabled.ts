/*
 * DB_INSTANCE_BACKUP_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/db-instance-backup-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.backupRetentionPeriod`, `configuration.preferredBackupWindow` and
 * `configuration.readReplicaSourceDBInstanceIdentifier` / `readReplicaSourceDBClusterIdentifier`.
 * Aurora instances are evaluated like any other: they report their cluster's retention period.
 */
import type { ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { RuleParameterError } from "./managed-rule.ts"
import { asNumber, asText, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant, notApplicable } from "./private/evaluation.ts"
import { booleanParameter, integerParameter, textParameter } from "./private/parameters.ts"
import { replicaSourceOf } from "./private/rds.ts"

const identifier = "DB_INSTANCE_BACKUP_ENABLED"

const backupRetentionPeriod: ParameterSpec = {
  name: "backupRetentionPeriod",
  type: "number",
  description:
    "Optional. Retention period for automated backups, in days; the instance must have exactly this value.",
  min: 1,
  max: 35,
}
const backupRetentionMinimum: ParameterSpec = {
  name: "backupRetentionMinimum",
  type: "number",
  description: "Optional. Minimum retention period for automated backups, in days.",
  min: 1,
  max: 35,
}
const preferredBackupWindow: ParameterSpec = {
  name: "preferredBackupWindow",
  type: "string",
  description:
    "Optional. Daily UTC time range in which backups are created, hh24:mi-hh24:mi; the instance must use exactly this window.",
}
const checkReadReplicas: ParameterSpec = {
  name: "checkReadReplicas",
  type: "boolean",
  description:
    "Optional. Whether read replicas are checked too; when false they are NOT_APPLICABLE. AWS documents no default; unset evaluates them.",
}

const backupWindowPattern = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/

/** Checks that an RDS DB instance has automated backups, optionally with a given retention and window. */
export const dbInstanceBackupEnabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if RDS DB instances have automated backups enabled; optionally checks the retention period and the backup window.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [backupRetentionPeriod, backupRetentionMinimum, preferredBackupWindow, checkReadReplicas],
  evaluate: ({ item, parameters }) => {
    const name = resourceLabel(item)
    const exactRetention = integerParameter(identifier, backupRetentionPeriod, parameters)
    const minimumRetention = integerParameter(identifier, backupRetentionMinimum, parameters)
    const window = textParameter(identifier, preferredBackupWindow, parameters)
    if (window !== undefined && !backupWindowPattern.test(window)) {
      throw new RuleParameterError({
        rule: identifier,
        parameter: preferredBackupWindow.name,
        value: window,
        expected: "a UTC range hh24:mi-hh24:mi such as 03:00-03:30",
      })
    }
    const source = replicaSourceOf(item)
    if (source !== undefined && booleanParameter(identifier, checkReadReplicas, parameters) === false) {
      return notApplicable(
        `DB instance ${name} is a read replica of ${source} and checkReadReplicas is false.`,
      )
    }

    const recordedRetention = configField(item, "backupRetentionPeriod")
    const retention = asNumber(recordedRetention)
    if (retention === undefined || retention <= 0) {
      return nonCompliant(
        `DB instance ${name} has automated backups disabled (backupRetentionPeriod=${shown(recordedRetention)}); set a retention period of 1 to 35 days.`,
      )
    }
    const problems: Array<string> = []
    if (exactRetention !== undefined && retention !== exactRetention) {
      problems.push(`backupRetentionPeriod is ${retention}, required ${exactRetention}`)
    }
    if (minimumRetention !== undefined && retention < minimumRetention) {
      problems.push(`backupRetentionPeriod is ${retention}, below the minimum ${minimumRetention}`)
    }
    const recordedWindow = asText(configField(item, "preferredBackupWindow"))
    if (window !== undefined && recordedWindow !== window) {
      problems.push(`preferredBackupWindow is ${shown(recordedWindow)}, required ${window}`)
    }
    return problems.length > 0
      ? nonCompliant(`DB instance ${name}: ${problems.join("; ")}. Modify the instance's backup settings.`)
      : compliant(`DB instance ${name} keeps automated backups for ${retention} days.`)
  },
})
