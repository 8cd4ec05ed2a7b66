/*
 * RDS_ENHANCED_MONITORING_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-enhanced-monitoring-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.monitoringInterval` (0 or absent means Enhanced Monitoring is off).
 */
import type { ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { asNumber, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { integerParameter } from "./private/parameters.ts"

const identifier = "RDS_ENHANCED_MONITORING_ENABLED"

/** The intervals RDS accepts for Enhanced Monitoring, in seconds. */
const validIntervals: ReadonlyArray<number> = [1, 5, 10, 15, 30, 60]

const monitoringInterval: ParameterSpec = {
  name: "monitoringInterval",
  type: "number",
  description:
    "Optional. Seconds between Enhanced Monitoring samples the instance must use; one of 1, 5, 10, 15, 30, 60.",
  min: 1,
  max: 60,
}

/** Checks that an RDS DB instance has Enhanced Monitoring on, optionally at a given interval. */
export const rdsEnhancedMonitoringEnabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if Enhanced Monitoring is enabled for RDS DB instances (monitoringInterval not 0), optionally at a given interval.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [monitoringInterval],
  evaluate: ({ item, parameters }) => {
    const name = resourceLabel(item)
    const wanted = integerParameter(identifier, monitoringInterval, parameters, validIntervals)
    const recorded = configField(item, "monitoringInterval")
    const interval = asNumber(recorded)
    if (interval === undefined || interval === 0) {
      return nonCompliant(
        `DB instance ${name} has Enhanced Monitoring off (monitoringInterval=${shown(recorded)}); set an interval of ${validIntervals.join(", ")} seconds and a monitoring role.`,
      )
    }
    if (wanted !== undefined && interval !== wanted) {
      return nonCompliant(`DB instance ${name} has monitoringInterval=${interval}, required ${wanted}.`)
    }
    return compliant(`DB instance ${name} has Enhanced Monitoring every ${interval} seconds.`)
  },
})
