/*
 * RDS_SNAPSHOT_ENCRYPTED — https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshot-encrypted.html
 * Reads AWS::RDS::DBSnapshot `configuration.encrypted` and AWS::RDS::DBClusterSnapshot
 * `configuration.storageEncrypted` (either name is accepted on either type).
 */
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that RDS DB snapshots and DB cluster snapshots are encrypted. */
export const rdsSnapshotEncrypted: ManagedRule = defineManagedRule({
  identifier: "RDS_SNAPSHOT_ENCRYPTED",
  description: "Checks if RDS DB snapshots and DB cluster snapshots are encrypted.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"],
  parameters: [],
  evaluate: ({ item }) => {
    const kind = item.resourceType === "AWS::RDS::DBClusterSnapshot" ? "DB cluster snapshot" : "DB snapshot"
    const flagName = item.resourceType === "AWS::RDS::DBClusterSnapshot" ? "storageEncrypted" : "encrypted"
    const encrypted = configField(item, flagName, flagName === "encrypted" ? "storageEncrypted" : "encrypted")
    return asBoolean(encrypted) === true
      ? compliant(`${kind} ${resourceLabel(item)} is encrypted.`)
      : nonCompliant(
          `${kind} ${resourceLabel(item)} has ${flagName}=${shown(encrypted)}. Copy it with a KMS key to get an encrypted copy, then delete the unencrypted one.`,
        )
  },
})
