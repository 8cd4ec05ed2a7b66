/*
 * RDS_INSTANCE_PUBLIC_ACCESS_CHECK — https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-public-access-check.html
 * Reads AWS::RDS::DBInstance `configuration.publiclyAccessible`.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that an RDS DB instance is not publicly accessible. */
export const rdsInstancePublicAccessCheck: ManagedRule = defineManagedRule({
  identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
  description: "Checks that RDS DB instances are not publicly accessible (publiclyAccessible is not true).",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [],
  evaluate: ({ item }) =>
    asBoolean(configField(item, "publiclyAccessible")) === true
      ? nonCompliant(
          `DB instance ${resourceLabel(item)} has publiclyAccessible=true; modify it to not be publicly accessible.`,
        )
      : compliant(`DB instance ${resourceLabel(item)} is not publicly accessible.`),
})
