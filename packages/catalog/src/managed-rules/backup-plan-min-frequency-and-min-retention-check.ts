/*
 * BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK —
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html
 * Reads AWS::Backup::BackupPlan `configuration.backupPlan.backupPlanName` and `configuration.backupPlan.backupPlanRule[]`
 * (`ruleName`, `scheduleExpression`, `lifecycle.deleteAfterDays`); PascalCase spellings are accepted too.
 * The plan complies when at least one of its rules runs at least as often as required and keeps recovery
 * points at least as long as required. A rule without a lifecycle keeps them until deleted, which satisfies
 * any retention; a rule without a schedule runs on AWS Backup's default, daily at 05:00 UTC.
 */
import type { ParameterSpec } from "@rampart/model"
import { type ManagedRule, RuleParameterError } from "./managed-rule.ts"
import { defaultBackupSchedule, longestIntervalHours } from "./private/backup-schedule.ts"
import { asList, asNumber, asText, field, fieldPath, resourceLabel } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { integerParameter, textParameter } from "./private/parameters.ts"

const identifier = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"

const requiredFrequencyValue: ParameterSpec = {
  name: "requiredFrequencyValue",
  type: "number",
  description:
    "Optional. How many frequency units may pass between backups at most: up to 24 for hours, 31 for days.",
  default: 1,
  min: 1,
  max: 31,
}
const requiredRetentionDays: ParameterSpec = {
  name: "requiredRetentionDays",
  type: "number",
  description: "Optional. Days a recovery point must be kept at least.",
  default: 35,
  min: 1,
}
const requiredFrequencyUnit: ParameterSpec = {
  name: "requiredFrequencyUnit",
  type: "string",
  description: "Optional. Unit of requiredFrequencyValue: 'hours' or 'days'.",
  default: "days",
  allowed: ["hours", "days"],
}

/** Checks that a backup plan has a rule meeting a minimum backup frequency and a minimum retention. */
export const backupPlanMinFrequencyAndMinRetentionCheck: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if a backup plan has a backup rule that backs up at least as often as required and keeps recovery points at least as long as required.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::Backup::BackupPlan"],
  parameters: [requiredFrequencyValue, requiredRetentionDays, requiredFrequencyUnit],
  evaluate: ({ item, parameters }) => {
    const frequency = integerParameter(identifier, requiredFrequencyValue, parameters) ?? 1
    const retention = integerParameter(identifier, requiredRetentionDays, parameters) ?? 35
    const unit = textParameter(identifier, requiredFrequencyUnit, parameters) ?? "days"
    if (unit === "hours" && frequency > 24) {
      throw new RuleParameterError({
        rule: identifier,
        parameter: requiredFrequencyValue.name,
        value: String(frequency),
        expected: "at most 24 when requiredFrequencyUnit is hours",
      })
    }
    const allowedGapHours = unit === "hours" ? frequency : frequency * 24
    const required = `every ${frequency} ${unit} and kept ${retention} days`

    const plan = fieldPath(item.configuration, "backupPlan")
    const planName = asText(field(plan, "backupPlanName")) ?? resourceLabel(item)
    const rules = asList(field(plan, "backupPlanRule", "rules"))
    if (rules.length === 0)
      return nonCompliant(`Backup plan ${planName} has no backup rules; required ${required}.`)

    const findings = rules.map((rule, index) => {
      const name = asText(field(rule, "ruleName")) ?? `rule ${index + 1}`
      const schedule = asText(field(rule, "scheduleExpression")) ?? defaultBackupSchedule
      const gap = longestIntervalHours(schedule)
      const keptDays = asNumber(fieldPath(rule, "lifecycle", "deleteAfterDays"))
      const problems: Array<string> = []
      if (gap === undefined) problems.push(`schedule ${schedule} could not be read`)
      else if (gap > allowedGapHours)
        problems.push(`${schedule} leaves up to ${Math.round(gap * 10) / 10} h between backups`)
      if (keptDays !== undefined && keptDays < retention) problems.push(`deletes after ${keptDays} days`)
      return { name, problems }
    })
    const satisfying = findings.find((finding) => finding.problems.length === 0)
    if (satisfying !== undefined) {
      return compliant(`Backup plan ${planName}: rule ${satisfying.name} backs up ${required}.`)
    }
    const details = findings.map((finding) => `${finding.name}: ${finding.problems.join(", ")}`).join("; ")
    return nonCompliant(`Backup plan ${planName} has no rule backing up ${required} (${details}).`)
  },
})
