import type {
  DBClusterSnapshot,
  DBClusterSnapshotAttribute,
  DBSnapshot,
  DBSnapshotAttribute,
} from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import { recorded } from "@rampart/model"
import type { Capture } from "../capture.ts"
import { configurationItem } from "../private/configuration-item.ts"
import { recordedFields, tagsOf } from "../private/recorded.ts"

/** The Config resource type of an RDS DB snapshot. */
export const dbSnapshotResourceType = "AWS::RDS::DBSnapshot"

/** The Config resource type of an RDS DB cluster snapshot. */
export const dbClusterSnapshotResourceType = "AWS::RDS::DBClusterSnapshot"

/**
 * Whether a snapshot's attributes are worth asking RDS for. Automated snapshots cannot be shared, so their
 * `restore` attribute is known to be empty ({@link unsharedAttributes}); reading it for each of the daily
 * snapshots of every instance would cost a call apiece for nothing.
 */
export const hasSharingAttributes = (snapshotType: string | undefined): boolean =>
  snapshotType !== "automated"

/** The attributes of a snapshot shared with no one: a `restore` attribute without values. */
export const unsharedAttributes: ReadonlyArray<DBSnapshotAttribute> = [
  { AttributeName: "restore", AttributeValues: [] },
]

/**
 * A DB snapshot as AWS Config records it: under its identifier, the DescribeDBSnapshots shape with lowered
 * first letters, and its attributes (who may restore it) in `supplementaryConfiguration.DBSnapshotAttributes`.
 */
export const dbSnapshotItem = (
  snapshot: DBSnapshot,
  attributes: ReadonlyArray<DBSnapshotAttribute>,
  capture: Capture,
): ConfigurationItem =>
  configurationItem(
    {
      resourceType: dbSnapshotResourceType,
      resourceId: snapshot.DBSnapshotIdentifier ?? "",
      resourceName: snapshot.DBSnapshotIdentifier,
      arn: snapshot.DBSnapshotArn,
      configuration: recordedFields(snapshot),
      supplementaryConfiguration: { DBSnapshotAttributes: recorded(attributes) },
      tags: tagsOf(snapshot.TagList),
    },
    capture,
  )

/**
 * A DB cluster snapshot as AWS Config records it: under its identifier, the DescribeDBClusterSnapshots shape
 * with lowered first letters, and its attributes in `supplementaryConfiguration.DBClusterSnapshotAttributes`.
 */
export const dbClusterSnapshotItem = (
  snapshot: DBClusterSnapshot,
  attributes: ReadonlyArray<DBClusterSnapshotAttribute>,
  capture: Capture,
): ConfigurationItem =>
  configurationItem(
    {
      resourceType: dbClusterSnapshotResourceType,
      resourceId: snapshot.DBClusterSnapshotIdentifier ?? "",
      resourceName: snapshot.DBClusterSnapshotIdentifier,
      arn: snapshot.DBClusterSnapshotArn,
      configuration: recordedFields(snapshot),
      supplementaryConfiguration: { DBClusterSnapshotAttributes: recorded(attributes) },
      tags: tagsOf(snapshot.TagList),
    },
    capture,
  )
