import { type ConfigurationItem, recorded } from "@rampart/model"
import type { SandboxStore } from "../../state/store.ts"
import { isGone } from "./lifecycle.ts"
import {
  clusterShape,
  clusterSnapshotShape,
  instanceShape,
  restoreAttribute,
  snapshotShape,
} from "./shapes.ts"
import { type Place, peekRdsSlice, type Tag } from "./state.ts"

/*
 * RDS resources as AWS Config records them: `configuration` is the describe shape with the first letter of every
 * field lowered (`storageEncrypted`, `dBInstanceIdentifier`, `iAMDatabaseAuthenticationEnabled`, `multiAZ`), dates
 * as ISO text, tags beside it. DB instances are recorded under their DbiResourceId and clusters under their
 * DbClusterResourceId (as Config does), with the identifier as resource name; snapshots under their identifier.
 * Snapshots carry their `restore` attribute in supplementaryConfiguration (DBSnapshotAttributes /
 * DBClusterSnapshotAttributes), which RDS_SNAPSHOTS_PUBLIC_PROHIBITED reads.
 */

const tagsOf = (tags: ReadonlyArray<Tag>): Record<string, string> =>
  Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]))

/** The last time the resource changed at or before `now`: Config's capture time. */
const lastChange = (times: ReadonlyArray<number>, now: number): string =>
  new Date(Math.max(0, ...times.filter((time) => time <= now))).toISOString()

/**
 * The DB instances, DB clusters, DB snapshots and DB cluster snapshots of one account and region at `now`, as
 * AWS Config configuration items. Resources that finished deleting are not recorded.
 */
export const rdsConfigurationItems = (
  store: SandboxStore,
  account: string,
  region: string,
  now: number,
): ReadonlyArray<ConfigurationItem> => {
  const state = peekRdsSlice(store, account, region)
  if (!state) return []
  const place: Place = { partition: store.partition, region, account }
  const items: ConfigurationItem[] = []
  for (const instance of Object.values(state.instances)) {
    if (isGone(instance, now)) continue
    const shape = instanceShape(place, state, instance, now)
    items.push({
      resourceType: "AWS::RDS::DBInstance",
      resourceId: instance.resourceId,
      resourceName: instance.identifier,
      arn: shape.DBInstanceArn,
      accountId: account,
      awsRegion: region,
      configuration: recorded(shape) as Record<string, unknown>,
      tags: tagsOf(instance.tags),
      configurationItemCaptureTime: lastChange(
        [
          instance.createdAt,
          instance.creatingUntil,
          instance.backingUpUntil,
          ...instance.changes.flatMap((change) => [change.startsAt, change.endsAt]),
          ...(instance.deletingSince !== undefined ? [instance.deletingSince] : []),
        ],
        now,
      ),
    })
  }
  for (const cluster of Object.values(state.clusters)) {
    if (isGone(cluster, now)) continue
    const shape = clusterShape(place, state, cluster, now)
    items.push({
      resourceType: "AWS::RDS::DBCluster",
      resourceId: cluster.resourceId,
      resourceName: cluster.identifier,
      arn: shape.DBClusterArn,
      accountId: account,
      awsRegion: region,
      configuration: recorded(shape) as Record<string, unknown>,
      tags: tagsOf(cluster.tags),
      configurationItemCaptureTime: lastChange(
        [
          cluster.createdAt,
          cluster.creatingUntil,
          ...cluster.changes.flatMap((change) => [change.startsAt, change.endsAt]),
          ...cluster.failovers.flatMap((failover) => [failover.at, failover.until]),
          ...(cluster.deletingSince !== undefined ? [cluster.deletingSince] : []),
        ],
        now,
      ),
    })
  }
  for (const snapshot of Object.values(state.snapshots)) {
    const shape = snapshotShape(place, snapshot, now)
    items.push({
      resourceType: "AWS::RDS::DBSnapshot",
      resourceId: snapshot.identifier,
      resourceName: snapshot.identifier,
      arn: shape.DBSnapshotArn,
      accountId: account,
      awsRegion: region,
      configuration: recorded(shape) as Record<string, unknown>,
      supplementaryConfiguration: { DBSnapshotAttributes: [recorded(restoreAttribute(snapshot.restore))] },
      tags: tagsOf(snapshot.tags),
      configurationItemCaptureTime: lastChange([snapshot.createdAt, snapshot.creatingUntil], now),
    })
  }
  for (const snapshot of Object.values(state.clusterSnapshots)) {
    const shape = clusterSnapshotShape(place, snapshot, now)
    items.push({
      resourceType: "AWS::RDS::DBClusterSnapshot",
      resourceId: snapshot.identifier,
      resourceName: snapshot.identifier,
      arn: shape.DBClusterSnapshotArn,
      accountId: account,
      awsRegion: region,
      configuration: recorded(shape) as Record<string, unknown>,
      supplementaryConfiguration: {
        DBClusterSnapshotAttributes: [recorded(restoreAttribute(snapshot.restore))],
      },
      tags: tagsOf(snapshot.tags),
      configurationItemCaptureTime: lastChange([snapshot.createdAt, snapshot.creatingUntil], now),
    })
  }
  return items
}
