/*
 * RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED — https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-iam-authentication-enabled.html
 * Reads AWS::RDS::DBInstance `configuration.iAMDatabaseAuthenticationEnabled`, `configuration.engine` and
 * `configuration.dBInstanceStatus`. AWS evaluates only the engines mysql, postgres, aurora, aurora-mysql and
 * aurora-postgresql, in the states available, backing-up, storage-optimization and storage-full.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant, notApplicable } from "./private/evaluation.ts"
import { engineOf, skippedInstanceStatus } from "./private/rds.ts"

const evaluatedEngines: ReadonlyArray<string> = [
  "mysql",
  "postgres",
  "aurora",
  "aurora-mysql",
  "aurora-postgresql",
]

/** Checks that an RDS DB instance has IAM database authentication on. */
export const rdsInstanceIamAuthenticationEnabled: ManagedRule = defineManagedRule({
  identifier: "RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED",
  description:
    "Checks if IAM database authentication is enabled on RDS DB instances running mysql, postgres or Aurora engines.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [],
  evaluate: ({ item }) => {
    const name = resourceLabel(item)
    const engine = engineOf(item)
    if (engine === undefined || !evaluatedEngines.includes(engine)) {
      return notApplicable(
        `DB instance ${name} runs ${shown(engine)}; the rule evaluates ${evaluatedEngines.join(", ")}.`,
      )
    }
    const status = skippedInstanceStatus(item)
    if (status !== undefined)
      return notApplicable(`DB instance ${name} is in state ${status}; it is evaluated once available.`)
    const enabled = configField(item, "iAMDatabaseAuthenticationEnabled", "iamDatabaseAuthenticationEnabled")
    return asBoolean(enabled) === true
      ? compliant(`DB instance ${name} has IAM database authentication enabled.`)
      : nonCompliant(
          `DB instance ${name} has iAMDatabaseAuthenticationEnabled=${shown(enabled)}; enable IAM database authentication${engine.startsWith("aurora") ? " on its cluster" : ""}.`,
        )
  },
})
