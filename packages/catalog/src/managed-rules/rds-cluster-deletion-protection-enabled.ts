/*
 * RDS_CLUSTER_DELETION_PROTECTION_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-deletion-protection-enabled.html
 * Reads AWS::RDS::DBCluster `configuration.deletionProtection`.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that an RDS DB cluster has deletion protection on. */
export const rdsClusterDeletionProtectionEnabled: ManagedRule = defineManagedRule({
  identifier: "RDS_CLUSTER_DELETION_PROTECTION_ENABLED",
  description: "Checks if RDS DB clusters have deletion protection enabled.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBCluster"],
  parameters: [],
  evaluate: ({ item }) => {
    const protection = configField(item, "deletionProtection")
    return asBoolean(protection) === true
      ? compliant(`DB cluster ${resourceLabel(item)} has deletion protection enabled.`)
      : nonCompliant(
          `DB cluster ${resourceLabel(item)} has deletionProtection=${shown(protection)}; enable it (runbook AWSConfigRemediation-EnableRDSClusterDeletionProtection).`,
        )
  },
})
