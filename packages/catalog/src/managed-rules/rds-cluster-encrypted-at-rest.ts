/*
 * RDS_CLUSTER_ENCRYPTED_AT_REST — https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-encrypted-at-rest.html
 * Reads AWS::RDS::DBCluster `configuration.storageEncrypted`.
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that an RDS DB cluster (Aurora or Multi-AZ DB cluster) is encrypted at rest. */
export const rdsClusterEncryptedAtRest: ManagedRule = defineManagedRule({
  identifier: "RDS_CLUSTER_ENCRYPTED_AT_REST",
  description: "Checks if an RDS DB cluster is encrypted at rest.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBCluster"],
  parameters: [],
  evaluate: ({ item }) => {
    const encrypted = configField(item, "storageEncrypted")
    return asBoolean(encrypted) === true
      ? compliant(`DB cluster ${resourceLabel(item)} is encrypted at rest.`)
      : nonCompliant(
          `DB cluster ${resourceLabel(item)} has storageEncrypted=${shown(encrypted)}. Encrypt it by snapshotting and restoring the snapshot into a new cluster with a KMS key.`,
        )
  },
})
