/*
 * RDS_LOGGING_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-logging-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.engine`, `configuration.enabledCloudwatchLogsExports` and
 * `configuration.dBInstanceStatus`. The log types required per engine are the ones AWS lists for the control
 * built on this rule (Security Hub RDS.9,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9); `additionalLogs` adds more.
 * Instances not in available, backing-up, storage-optimization or storage-full state are NOT_APPLICABLE.
 */
import type { ParameterSpec } from "@rampart/model"
import { type ManagedRule, RuleParameterError } from "./managed-rule.ts"
import { asTextList, configField, resourceLabel } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant, notApplicable } from "./private/evaluation.ts"
import { textParameter } from "./private/parameters.ts"
import { engineOf, skippedInstanceStatus } from "./private/rds.ts"

const identifier = "RDS_LOGGING_ENABLED"

const additionalLogs: ParameterSpec = {
  name: "additionalLogs",
  type: "string",
  description:
    "Optional. AWS type StringMap: engine names and the extra log types each must export, e.g. 'oracle: general, slowquery ; aurora: alert, slowquery'.",
}

/** Log types each engine family must export to CloudWatch Logs when no parameter adds more. */
const requiredLogTypes: Readonly<Record<string, ReadonlyArray<string>>> = {
  oracle: ["alert", "audit", "trace", "listener"],
  postgres: ["postgresql", "upgrade"],
  mysql: ["audit", "error", "general", "slowquery"],
  mariadb: ["audit", "error", "general", "slowquery"],
  sqlserver: ["error", "agent"],
  aurora: ["audit", "error", "general", "slowquery"],
  "aurora-mysql": ["audit", "error", "general", "slowquery"],
  "aurora-postgresql": ["postgresql"],
}

/** `oracle-ee-cdb` and `sqlserver-se` share the log types of their family; other engines stand alone. */
const familyOf = (engine: string): string => {
  if (engine.startsWith("oracle-")) return "oracle"
  if (engine.startsWith("sqlserver-")) return "sqlserver"
  return engine
}

/** Parses `engine: log, log ; engine: log` into lower-cased engine -> log types. */
const parseAdditionalLogs = (text: string): ReadonlyMap<string, ReadonlyArray<string>> => {
  const byEngine = new Map<string, ReadonlyArray<string>>()
  for (const segment of text.split(";")) {
    if (segment.trim() === "") continue
    const colon = segment.indexOf(":")
    const engine = colon > 0 ? segment.slice(0, colon).trim().toLowerCase() : ""
    const logs =
      colon > 0
        ? segment
            .slice(colon + 1)
            .split(",")
            .map((log) => log.trim().toLowerCase())
            .filter((log) => log !== "")
        : []
    if (engine === "" || logs.length === 0) {
      throw new RuleParameterError({
        rule: identifier,
        parameter: additionalLogs.name,
        value: text,
        expected:
          "'engine: logType, logType' entries separated by ';', e.g. 'oracle: general, slowquery ; aurora: alert'",
      })
    }
    byEngine.set(engine, [...(byEngine.get(engine) ?? []), ...logs])
  }
  return byEngine
}

/** Checks that an RDS DB instance exports its engine's log types to CloudWatch Logs. */
export const rdsLoggingEnabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if RDS DB instances export their engine's log types to CloudWatch Logs; additionalLogs requires more log types per engine.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [additionalLogs],
  evaluate: ({ item, parameters }) => {
    const name = resourceLabel(item)
    const extraText = textParameter(identifier, additionalLogs, parameters)
    const extra =
      extraText === undefined ? new Map<string, ReadonlyArray<string>>() : parseAdditionalLogs(extraText)
    const status = skippedInstanceStatus(item)
    if (status !== undefined)
      return notApplicable(`DB instance ${name} is in state ${status}; it is evaluated once available.`)
    const engine = engineOf(item)
    if (engine === undefined) return notApplicable(`DB instance ${name} has no engine recorded.`)
    const family = familyOf(engine)
    const required = [
      ...new Set([
        ...(requiredLogTypes[family] ?? []),
        ...(extra.get(family) ?? []),
        ...(family === engine ? [] : (extra.get(engine) ?? [])),
      ]),
    ]
    if (required.length === 0) {
      return notApplicable(
        `DB instance ${name} runs ${engine}, for which no log types are required; list some in additionalLogs.`,
      )
    }
    const exported = asTextList(configField(item, "enabledCloudwatchLogsExports")).map((log) =>
      log.toLowerCase(),
    )
    const missing = required.filter((log) => !exported.includes(log))
    return missing.length > 0
      ? nonCompliant(
          `DB instance ${name} (${engine}) does not export ${missing.join(", ")} to CloudWatch Logs (exports: ${exported.length > 0 ? exported.join(", ") : "none"}); add them to its log exports.`,
        )
      : compliant(`DB instance ${name} exports ${required.join(", ")} to CloudWatch Logs.`)
  },
})
