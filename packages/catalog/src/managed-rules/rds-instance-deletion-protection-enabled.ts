/*
 * RDS_INSTANCE_DELETION_PROTECTION_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-deletion-protection-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.deletionProtection`, `configuration.engine` and
 * `configuration.dBClusterIdentifier`. Instances inside a cluster (Aurora, DocumentDB, Multi-AZ DB cluster)
 * are NOT_APPLICABLE because deletion protection is set on the cluster.
 */
import type { ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant, notApplicable } from "./private/evaluation.ts"
import { listParameter } from "./private/parameters.ts"
import { clusterIdentifierOf, engineOf } from "./private/rds.ts"

const identifier = "RDS_INSTANCE_DELETION_PROTECTION_ENABLED"

const databaseEngines: ParameterSpec = {
  name: "databaseEngines",
  type: "string-list",
  description:
    "Optional. Comma-separated RDS engines to evaluate, e.g. 'mysql, postgres, mariadb'; instances of other engines are NOT_APPLICABLE.",
}

/** Checks that a standalone RDS DB instance has deletion protection on. */
export const rdsInstanceDeletionProtectionEnabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if RDS DB instances have deletion protection enabled; instances managed by a cluster are not evaluated.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [databaseEngines],
  evaluate: ({ item, parameters }) => {
    const name = resourceLabel(item)
    const engines = listParameter(identifier, databaseEngines, parameters)?.map((engine) =>
      engine.toLowerCase(),
    )
    const engine = engineOf(item)
    if (engines !== undefined && (engine === undefined || !engines.includes(engine))) {
      return notApplicable(`DB instance ${name} runs ${shown(engine)}, which is not in databaseEngines.`)
    }
    const cluster = clusterIdentifierOf(item)
    if (cluster !== undefined) {
      return notApplicable(
        `DB instance ${name} belongs to cluster ${cluster}; deletion protection is set on the cluster.`,
      )
    }
    const protection = configField(item, "deletionProtection")
    return asBoolean(protection) === true
      ? compliant(`DB instance ${name} has deletion protection enabled.`)
      : nonCompliant(
          `DB instance ${name} has deletionProtection=${shown(protection)}; enable it (runbook AWSConfigRemediation-EnableRDSInstanceDeletionProtection).`,
        )
  },
})
