import {
  type AwsError,
  Backup,
  type BackupReader,
  type ClientCredentials,
  CloudTrail,
  type CloudTrailReader,
  Rds,
  type RdsReader,
  type Scope,
} from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import { Clock, Effect, Semaphore } from "effect"
import type { Capture } from "./capture.ts"
import {
  backupPlanItem,
  backupSelectionItem,
  backupVaultItem,
  recoveryPointItem,
} from "./resources/backup-resources.ts"
import { isRecordedIn, trailItem } from "./resources/cloudtrail-trails.ts"
import { dbClusterItem } from "./resources/rds-clusters.ts"
import { dbInstanceItem } from "./resources/rds-instances.ts"
import {
  dbClusterSnapshotItem,
  dbSnapshotItem,
  hasSharingAttributes,
  unsharedAttributes,
} from "./resources/rds-snapshots.ts"

/** One account and Region to read, with the credentials of a session in that account (else the default chain). */
export interface CollectionTarget {
  readonly accountId: string
  readonly region: string
  readonly credentials?: ClientCredentials
}

/** How a read is paced. */
export interface ReadOptions {
  /** AWS calls in flight at once for the account and Region; default 4. */
  readonly concurrency?: number
}

const defaultConcurrency = 4

/** Runs an AWS call once a permit is free, so the whole read never has more calls in flight than allowed. */
type Paced = <A>(call: Effect.Effect<A, AwsError>) => Effect.Effect<A, AwsError>

const readRds = (rds: RdsReader, capture: Capture, paced: Paced, concurrency: number) =>
  Effect.gen(function* () {
    const [instances, clusters, snapshots, clusterSnapshots] = yield* Effect.all(
      [
        paced(rds.describeDBInstances),
        paced(rds.describeDBClusters),
        paced(rds.describeDBSnapshots),
        paced(rds.describeDBClusterSnapshots),
      ],
      { concurrency: "unbounded" },
    )
    const snapshotItems = yield* Effect.forEach(
      snapshots,
      (snapshot) =>
        Effect.gen(function* () {
          const attributes = hasSharingAttributes(snapshot.SnapshotType)
            ? ((yield* paced(rds.describeDBSnapshotAttributes(snapshot.DBSnapshotIdentifier ?? "")))
                .DBSnapshotAttributes ?? [])
            : unsharedAttributes
          return dbSnapshotItem(snapshot, attributes, capture)
        }),
      { concurrency },
    )
    const clusterSnapshotItems = yield* Effect.forEach(
      clusterSnapshots,
      (snapshot) =>
        Effect.gen(function* () {
          const attributes = hasSharingAttributes(snapshot.SnapshotType)
            ? ((yield* paced(
                rds.describeDBClusterSnapshotAttributes(snapshot.DBClusterSnapshotIdentifier ?? ""),
              )).DBClusterSnapshotAttributes ?? [])
            : unsharedAttributes
          return dbClusterSnapshotItem(snapshot, attributes, capture)
        }),
      { concurrency },
    )
    return [
      ...instances.map((instance) => dbInstanceItem(instance, capture)),
      ...clusters.map((cluster) => dbClusterItem(cluster, capture)),
      ...snapshotItems,
      ...clusterSnapshotItems,
    ]
  })

const readBackup = (backup: BackupReader, capture: Capture, paced: Paced, concurrency: number) =>
  Effect.gen(function* () {
    const [vaults, plans] = yield* Effect.all(
      [paced(backup.listBackupVaults), paced(backup.listBackupPlans)],
      {
        concurrency: "unbounded",
      },
    )
    const vaultItems = yield* Effect.forEach(
      vaults,
      (vault) => {
        const name = vault.BackupVaultName ?? ""
        return Effect.all(
          [
            paced(backup.getBackupVaultAccessPolicy(name)),
            paced(backup.getBackupVaultNotifications(name)),
            paced(backup.listRecoveryPointsByBackupVault(name)),
          ],
          { concurrency: "unbounded" },
        ).pipe(
          Effect.map(([policy, notifications, points]) => [
            backupVaultItem(vault, policy, notifications, capture),
            ...points.map((point) => recoveryPointItem(point, capture)),
          ]),
        )
      },
      { concurrency },
    )
    const planItems = yield* Effect.forEach(
      plans,
      (listed) => {
        const planId = listed.BackupPlanId ?? ""
        const selections = paced(backup.listBackupSelections(planId)).pipe(
          Effect.flatMap((members) =>
            Effect.forEach(
              members,
              (member) => paced(backup.getBackupSelection(planId, member.SelectionId ?? "")),
              { concurrency },
            ),
          ),
        )
        return Effect.all([paced(backup.getBackupPlan(planId)), selections], {
          concurrency: "unbounded",
        }).pipe(
          Effect.map(([plan, selected]) => [
            backupPlanItem(plan, capture),
            ...selected.map((selection) => backupSelectionItem(selection, capture)),
          ]),
        )
      },
      { concurrency },
    )
    return [...vaultItems.flat(), ...planItems.flat()]
  })

const readTrails = (cloudTrail: CloudTrailReader, capture: Capture, paced: Paced, concurrency: number) =>
  Effect.gen(function* () {
    const trails = (yield* paced(cloudTrail.describeTrails)).filter((trail) => isRecordedIn(trail, capture))
    return yield* Effect.forEach(
      trails,
      (trail) =>
        paced(cloudTrail.getTrailStatus(trail.TrailARN ?? trail.Name ?? "")).pipe(
          Effect.map((status) => trailItem(trail, status, capture)),
        ),
      { concurrency },
    )
  })

/**
 * Every RDS, AWS Backup and CloudTrail resource of one account and Region as AWS Config would record it, read
 * through describe calls: for accounts where Config does not record, so that the catalog's rule evaluators judge
 * them exactly as they judge what Config records. Read-only; at most `concurrency` calls are in flight, and any
 * call that still fails after the retries fails the read.
 */
export const readConfigurationItems = (
  target: CollectionTarget,
  options: ReadOptions = {},
): Effect.Effect<ReadonlyArray<ConfigurationItem>, AwsError, Rds | Backup | CloudTrail> =>
  Effect.gen(function* () {
    const concurrency = options.concurrency ?? defaultConcurrency
    if (!Number.isInteger(concurrency) || concurrency < 1)
      return yield* Effect.die(
        new RangeError(
          `readConfigurationItems: concurrency must be a whole number of at least 1, got ${concurrency}`,
        ),
      )
    const scope: Scope = {
      region: target.region,
      ...(target.credentials === undefined ? {} : { credentials: target.credentials }),
    }
    const rds = (yield* Rds).reader(scope)
    const backup = (yield* Backup).reader(scope)
    const cloudTrail = (yield* CloudTrail).reader(scope)
    const capture: Capture = {
      accountId: target.accountId,
      awsRegion: target.region,
      time: new Date(yield* Clock.currentTimeMillis).toISOString(),
    }
    const permits = yield* Semaphore.make(concurrency)
    const paced: Paced = (call) => Semaphore.withPermit(permits, call)
    const groups = yield* Effect.all(
      [
        readRds(rds, capture, paced, concurrency),
        readBackup(backup, capture, paced, concurrency),
        readTrails(cloudTrail, capture, paced, concurrency),
      ],
      { concurrency: "unbounded" },
    )
    return groups.flat()
  })
