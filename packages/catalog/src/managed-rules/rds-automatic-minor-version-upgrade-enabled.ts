/*
 * RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-automatic-minor-version-upgrade-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.autoMinorVersionUpgrade`.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that an RDS DB instance takes automatic minor version upgrades. */
export const rdsAutomaticMinorVersionUpgradeEnabled: ManagedRule = defineManagedRule({
  identifier: "RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED",
  description: "Checks if RDS DB instances are configured for automatic minor version upgrades.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [],
  evaluate: ({ item }) => {
    const upgrade = configField(item, "autoMinorVersionUpgrade")
    return asBoolean(upgrade) === true
      ? compliant(`DB instance ${resourceLabel(item)} takes automatic minor version upgrades.`)
      : nonCompliant(
          `DB instance ${resourceLabel(item)} has autoMinorVersionUpgrade=${shown(upgrade)}; turn on auto minor version upgrade (runbook AWSConfigRemediation-EnableMinorVersionUpgradeOnRDSDBInstance).`,
        )
  },
})
