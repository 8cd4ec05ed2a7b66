/*
 * RDS_SNAPSHOTS_PUBLIC_PROHIBITED — https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshots-public-prohibited.html
 * Reads `supplementaryConfiguration.DBSnapshotAttributes` (AWS::RDS::DBSnapshot) and
 * `supplementaryConfiguration.DBClusterSnapshotAttributes` (AWS::RDS::DBClusterSnapshot): a list of
 * `{ attributeName, attributeValues }`, possibly stored as JSON text. A `restore` attribute whose values
 * include `all` makes the snapshot public. No attributes recorded means the snapshot is shared with no one.
 */
import type { ManagedRule } from "./managed-rule.ts"
import {
  asList,
  asText,
  asTextList,
  field,
  resourceLabel,
  supplementaryField,
} from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"

/** Checks that no RDS DB snapshot or DB cluster snapshot is shared publicly. */
export const rdsSnapshotsPublicProhibited: ManagedRule = defineManagedRule({
  identifier: "RDS_SNAPSHOTS_PUBLIC_PROHIBITED",
  description:
    "Checks that RDS DB snapshots and DB cluster snapshots are not public (restorable by all AWS accounts).",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"],
  parameters: [],
  evaluate: ({ item }) => {
    const kind = item.resourceType === "AWS::RDS::DBClusterSnapshot" ? "DB cluster snapshot" : "DB snapshot"
    const attributes = asList(supplementaryField(item, "DBSnapshotAttributes", "DBClusterSnapshotAttributes"))
    const isPublic = attributes.some(
      (attribute) =>
        asText(field(attribute, "attributeName"))?.toLowerCase() === "restore" &&
        asTextList(field(attribute, "attributeValues")).some((value) => value.toLowerCase() === "all"),
    )
    return isPublic
      ? nonCompliant(
          `${kind} ${resourceLabel(item)} is public: its restore attribute includes "all". Remove "all" from the snapshot's restore attribute (ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute).`,
        )
      : compliant(`${kind} ${resourceLabel(item)} is not public.`)
  },
})
