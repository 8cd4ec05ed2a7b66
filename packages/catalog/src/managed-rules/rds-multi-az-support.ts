/*
 * RDS_MULTI_AZ_SUPPORT — https://docs.aws.amazon.com/config/latest/developerguide/rds-multi-az-support.html
 * Reads AWS::RDS::DBInstance `configuration.engine` and `configuration.multiAZ`. AWS does not evaluate
 * Aurora, DocumentDB or Neptune instances with this rule (their availability is a cluster property): NOT_APPLICABLE.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant, notApplicable } from "./private/evaluation.ts"
import { engineOf, isAuroraEngine } from "./private/rds.ts"

const clusterOnlyEngines: ReadonlyArray<string> = ["docdb", "neptune"]

/** Checks that an RDS DB instance is a Multi-AZ deployment. */
export const rdsMultiAzSupport: ManagedRule = defineManagedRule({
  identifier: "RDS_MULTI_AZ_SUPPORT",
  description:
    "Checks if high availability (Multi-AZ) is enabled for RDS DB instances; Aurora, DocumentDB and Neptune instances are not evaluated.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [],
  evaluate: ({ item }) => {
    const name = resourceLabel(item)
    const engine = engineOf(item)
    if (isAuroraEngine(engine) || (engine !== undefined && clusterOnlyEngines.includes(engine))) {
      return notApplicable(`DB instance ${name} runs ${engine}, whose availability is set on its cluster.`)
    }
    const multiAz = configField(item, "multiAZ")
    return asBoolean(multiAz) === true
      ? compliant(`DB instance ${name} is a Multi-AZ deployment.`)
      : nonCompliant(
          `DB instance ${name} has multiAZ=${shown(multiAz)}; modify it to a Multi-AZ deployment (runbook AWSConfigRemediation-EnableMultiAZOnRDSInstance).`,
        )
  },
})
