import {
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
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
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
} from "@aws-sdk/client-rds"
import { Context, Effect, Layer } from "effect"
import { type AwsError, isNotFound } from "./aws-error.ts"
import { allPages, awsCall, hasCode, idempotentWrite } from "./call.ts"
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

/** A manual snapshot of a DB instance to take. */
export interface NewDBSnapshot {
  readonly instanceId: string
  readonly snapshotId: string
  readonly tags?: Readonly<Record<string, string>>
}

/** A copy of a DB snapshot to make; with a KMS key the copy is encrypted with it (how unencrypted data gets encrypted). */
export interface DBSnapshotCopy {
  readonly sourceSnapshotId: string
  readonly targetSnapshotId: string
  /** A key id, key ARN or alias (`alias/rampart-rds`) of the caller's Region. */
  readonly kmsKeyId?: string
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * A DB instance to restore from a snapshot under a new identifier. The settings the restore call accepts are taken
 * from `like` (the instance the snapshot was taken from, as read before): class, subnet group, zone, port,
 * Multi-AZ, public access, security groups, parameter and option groups, storage type and IOPS, backup retention
 * and window, deletion protection, IAM authentication, log exports, minor upgrades and tags. Encryption comes from
 * the snapshot: the call has no encryption parameters.
 */
export interface DBInstanceRestore {
  readonly instanceId: string
  readonly snapshotId: string
  readonly like?: DBInstance
  /** Added to the tags of `like`. */
  readonly tags?: Readonly<Record<string, string>>
}

/** Settings of a DB instance to change; each one left out stays as it is. Applied immediately, not in RDS's maintenance window. */
export interface DBInstanceModification {
  readonly instanceId: string
  readonly backupRetentionPeriod?: number
  readonly deletionProtection?: boolean
  readonly multiAZ?: boolean
  readonly publiclyAccessible?: boolean
}

/**
 * The RDS changes remediation makes in one account and Region, and the reads that follow them. Creating a snapshot,
 * a copy or an instance whose identifier exists answers "already-exists", so a resumed remediation can repeat it;
 * the describes answer undefined for what does not exist.
 */
export interface RdsWriter {
  readonly describeDBInstance: (instanceId: string) => Effect.Effect<DBInstance | undefined, AwsError>
  readonly describeDBSnapshot: (snapshotId: string) => Effect.Effect<DBSnapshot | undefined, AwsError>
  readonly createDBSnapshot: (
    snapshot: NewDBSnapshot,
  ) => Effect.Effect<"created" | "already-exists", AwsError>
  readonly copyDBSnapshot: (copy: DBSnapshotCopy) => Effect.Effect<"created" | "already-exists", AwsError>
  readonly restoreDBInstanceFromDBSnapshot: (
    restore: DBInstanceRestore,
  ) => Effect.Effect<"created" | "already-exists", AwsError>
  /** Answers the instance as RDS reports it right after the call (the change may still be applying). */
  readonly modifyDBInstance: (modification: DBInstanceModification) => Effect.Effect<DBInstance, AwsError>
}

/** The RDS operations Rampart uses, per account session and Region. */
export interface RdsShape {
  readonly reader: (scope: Scope) => RdsReader
  readonly writer: (scope: Scope) => RdsWriter
}

/** Amazon RDS. */
export class Rds extends Context.Service<Rds, RdsShape>()("rampart/aws/Rds") {}

const service = "rds"

const tagList = (tags: Readonly<Record<string, string>> | undefined) =>
  tags === undefined ? undefined : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

/** The restore call's parameters that keep the settings of the instance a snapshot was taken from. */
const restoreSettings = (restore: DBInstanceRestore) => {
  const like = restore.like
  const ownTags = (like?.TagList ?? []).filter(
    (tag) => tag.Key !== undefined && !(tag.Key in (restore.tags ?? {})),
  )
  const tags = [...ownTags, ...(tagList(restore.tags) ?? [])]
  const multiAZ = like?.MultiAZ
  const securityGroups = (like?.VpcSecurityGroups ?? []).flatMap((g) =>
    g.VpcSecurityGroupId === undefined ? [] : [g.VpcSecurityGroupId],
  )
  const parameterGroup = like?.DBParameterGroups?.[0]?.DBParameterGroupName
  const optionGroup = like?.OptionGroupMemberships?.[0]?.OptionGroupName
  const logExports = like?.EnabledCloudwatchLogsExports ?? []
  return {
    DBInstanceIdentifier: restore.instanceId,
    DBSnapshotIdentifier: restore.snapshotId,
    DBInstanceClass: like?.DBInstanceClass,
    DBSubnetGroupName: like?.DBSubnetGroup?.DBSubnetGroupName,
    // A Multi-AZ instance is placed by RDS; a single-AZ one stays in its zone.
    AvailabilityZone: multiAZ === true ? undefined : like?.AvailabilityZone,
    Port: like?.Endpoint?.Port ?? like?.DbInstancePort,
    MultiAZ: multiAZ,
    PubliclyAccessible: like?.PubliclyAccessible,
    AutoMinorVersionUpgrade: like?.AutoMinorVersionUpgrade,
    VpcSecurityGroupIds: securityGroups.length > 0 ? securityGroups : undefined,
    DBParameterGroupName: parameterGroup,
    OptionGroupName: optionGroup,
    StorageType: like?.StorageType,
    Iops: like?.Iops,
    BackupRetentionPeriod: like?.BackupRetentionPeriod,
    PreferredBackupWindow: like?.PreferredBackupWindow,
    DeletionProtection: like?.DeletionProtection,
    CopyTagsToSnapshot: like?.CopyTagsToSnapshot,
    EnableIAMDatabaseAuthentication: like?.IAMDatabaseAuthenticationEnabled,
    EnableCloudwatchLogsExports: logExports.length > 0 ? [...logExports] : undefined,
    Tags: tags.length > 0 ? tags : undefined,
  }
}

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
      writer: (scope) => {
        const client = clientFor(scope)
        return {
          describeDBInstance: (DBInstanceIdentifier) =>
            awsCall(service, "DescribeDBInstances", (abortSignal) =>
              client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier }), { abortSignal }),
            ).pipe(
              Effect.map((r): DBInstance | undefined => r.DBInstances?.[0]),
              Effect.catchIf(isNotFound, () => Effect.succeed(undefined)),
            ),
          describeDBSnapshot: (DBSnapshotIdentifier) =>
            awsCall(service, "DescribeDBSnapshots", (abortSignal) =>
              client.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier }), { abortSignal }),
            ).pipe(
              Effect.map((r): DBSnapshot | undefined => r.DBSnapshots?.[0]),
              Effect.catchIf(isNotFound, () => Effect.succeed(undefined)),
            ),
          createDBSnapshot: (snapshot) =>
            awsCall(service, "CreateDBSnapshot", (abortSignal) =>
              client.send(
                new CreateDBSnapshotCommand({
                  DBInstanceIdentifier: snapshot.instanceId,
                  DBSnapshotIdentifier: snapshot.snapshotId,
                  Tags: tagList(snapshot.tags),
                }),
                { abortSignal },
              ),
            ).pipe(idempotentWrite("created", "already-exists", hasCode("DBSnapshotAlreadyExists"))),
          copyDBSnapshot: (copy) =>
            awsCall(service, "CopyDBSnapshot", (abortSignal) =>
              client.send(
                new CopyDBSnapshotCommand({
                  SourceDBSnapshotIdentifier: copy.sourceSnapshotId,
                  TargetDBSnapshotIdentifier: copy.targetSnapshotId,
                  KmsKeyId: copy.kmsKeyId,
                  Tags: tagList(copy.tags),
                }),
                { abortSignal },
              ),
            ).pipe(idempotentWrite("created", "already-exists", hasCode("DBSnapshotAlreadyExists"))),
          restoreDBInstanceFromDBSnapshot: (restore) =>
            awsCall(service, "RestoreDBInstanceFromDBSnapshot", (abortSignal) =>
              client.send(new RestoreDBInstanceFromDBSnapshotCommand(restoreSettings(restore)), {
                abortSignal,
              }),
            ).pipe(idempotentWrite("created", "already-exists", hasCode("DBInstanceAlreadyExists"))),
          modifyDBInstance: (modification) =>
            awsCall(service, "ModifyDBInstance", (abortSignal) =>
              client.send(
                new ModifyDBInstanceCommand({
                  DBInstanceIdentifier: modification.instanceId,
                  BackupRetentionPeriod: modification.backupRetentionPeriod,
                  DeletionProtection: modification.deletionProtection,
                  MultiAZ: modification.multiAZ,
                  PubliclyAccessible: modification.publiclyAccessible,
                  ApplyImmediately: true,
                }),
                { abortSignal },
              ),
            ).pipe(Effect.map((r) => r.DBInstance ?? { DBInstanceIdentifier: modification.instanceId })),
        }
      },
    }
  }),
)
