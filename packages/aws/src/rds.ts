import {
  type DBCluster,
  type DBClusterSnapshot,
  type DBClusterSnapshotAttributesResult,
  type DBInstance,
  type DBSnapshot,
  type DBSnapshotAttributesResult,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from "@aws-sdk/client-rds"
import { Context, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import { allPages, awsCall } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import type { Scope } from "./scope.ts"

export type {
  DBCluster,
  DBClusterSnapshot,
  DBClusterSnapshotAttribute,
  DBClusterSnapshotAttributesResult,
  DBInstance,
  DBSnapshot,
  DBSnapshotAttribute,
  DBSnapshotAttributesResult,
  Tag as RdsTag,
} from "@aws-sdk/client-rds"

/** The RDS reads of one account and Region: every resource the account owns there, all pages. */
export interface RdsReader {
  readonly describeDBInstances: Effect.Effect<ReadonlyArray<DBInstance>, AwsError>
  readonly describeDBClusters: Effect.Effect<ReadonlyArray<DBCluster>, AwsError>
  /** The account's own DB snapshots, manual and automated (not those shared with it or public ones). */
  readonly describeDBSnapshots: Effect.Effect<ReadonlyArray<DBSnapshot>, AwsError>
  /** The account's own DB cluster snapshots, manual and automated. */
  readonly describeDBClusterSnapshots: Effect.Effect<ReadonlyArray<DBClusterSnapshot>, AwsError>
  /** Who may copy or restore a DB snapshot (its `restore` attribute). */
  readonly describeDBSnapshotAttributes: (
    snapshotId: string,
  ) => Effect.Effect<DBSnapshotAttributesResult, AwsError>
  /** Who may copy or restore a DB cluster snapshot (its `restore` attribute). */
  readonly describeDBClusterSnapshotAttributes: (
    snapshotId: string,
  ) => Effect.Effect<DBClusterSnapshotAttributesResult, AwsError>
}

/** The RDS operations Rampart uses: reads, per account session and Region. */
export interface RdsShape {
  readonly reader: (scope: Scope) => RdsReader
}

/** Amazon RDS. */
export class Rds extends Context.Service<Rds, RdsShape>()("rampart/aws/Rds") {}

const service = "rds"

/** RDS through the SDK v3 client, one client per Region and access key for the life of the layer. */
export const rdsLive: Layer.Layer<Rds, never, ClientSettings> = Layer.effect(
  Rds,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new RDSClient(clientOptions(settings, scope.region, scope.credentials, connections)),
    )
    return {
      reader: (scope) => {
        const client = clientFor(scope)
        return {
          describeDBInstances: allPages(
            (Marker) =>
              awsCall(service, "DescribeDBInstances", (abortSignal) =>
                client.send(new DescribeDBInstancesCommand({ Marker }), { abortSignal }),
              ),
            (r) => r.DBInstances,
            (r) => r.Marker,
          ),
          describeDBClusters: allPages(
            (Marker) =>
              awsCall(service, "DescribeDBClusters", (abortSignal) =>
                client.send(new DescribeDBClustersCommand({ Marker }), { abortSignal }),
              ),
            (r) => r.DBClusters,
            (r) => r.Marker,
          ),
          describeDBSnapshots: allPages(
            (Marker) =>
              awsCall(service, "DescribeDBSnapshots", (abortSignal) =>
                client.send(new DescribeDBSnapshotsCommand({ Marker }), { abortSignal }),
              ),
            (r) => r.DBSnapshots,
            (r) => r.Marker,
          ),
          describeDBClusterSnapshots: allPages(
            (Marker) =>
              awsCall(service, "DescribeDBClusterSnapshots", (abortSignal) =>
                client.send(new DescribeDBClusterSnapshotsCommand({ Marker }), { abortSignal }),
              ),
            (r) => r.DBClusterSnapshots,
            (r) => r.Marker,
          ),
          describeDBSnapshotAttributes: (DBSnapshotIdentifier) =>
            awsCall(service, "DescribeDBSnapshotAttributes", (abortSignal) =>
              client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier }), { abortSignal }),
            ).pipe(Effect.map((r) => r.DBSnapshotAttributesResult ?? {})),
          describeDBClusterSnapshotAttributes: (DBClusterSnapshotIdentifier) =>
            awsCall(service, "DescribeDBClusterSnapshotAttributes", (abortSignal) =>
              client.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier }), {
                abortSignal,
              }),
            ).pipe(Effect.map((r) => r.DBClusterSnapshotAttributesResult ?? {})),
        }
      },
    }
  }),
)
