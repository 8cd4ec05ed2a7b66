import type { CallContext, Operation } from "../../operation.ts"
import { paginate } from "../pagination.ts"
import { createClusterKeys, resourceOf } from "./authorization.ts"
import { encryptionKey } from "./encryption.ts"
import { clusterEngines } from "./engines.ts"
import {
  clusterAlreadyExists,
  clusterSnapshotAlreadyExists,
  instanceNotFound,
  invalidClusterState,
  invalidCombination,
  invalidValue,
} from "./errors.ts"
import {
  checkMaxRecords,
  filterList,
  optionalBoolean,
  optionalInteger,
  optionalText,
  requiredIdentifier,
  requiredText,
  tagList,
  textList,
  validIdentifier,
} from "./input.ts"
import { clusterStatus, isGone, rdsTimings, settleChanges } from "./lifecycle.ts"
import { callerState, getCluster, localIdentifier, placeOf, touched } from "./lookup.ts"
import { newClusterRecord, snapshotOfCluster } from "./records.ts"
import {
  backupRetention,
  backupWindow,
  logExportChange,
  logExports,
  maintenanceWindow,
  refuseUnsupported,
} from "./settings-input.ts"
import {
  clusterMembers,
  clusterSettingsNow,
  clusterShape,
  clusterWriter,
  rdsClusterXmlMembers,
} from "./shapes.ts"
import type { ClusterRecord, ClusterSettings, RdsState } from "./state.ts"

const answer = (context: CallContext, state: RdsState, cluster: ClusterRecord) => ({
  DBCluster: clusterShape(placeOf(context), state, cluster, context.clock.now()),
})

const requireAvailable = (cluster: ClusterRecord, now: number): void => {
  const status = clusterStatus(cluster, now)
  if (status !== "available")
    throw invalidClusterState(`DB cluster ${cluster.identifier} is in state ${status}; it must be available.`)
}

/**
 * CreateDBCluster: an empty Aurora cluster (instances are added with CreateDBInstance and DBClusterIdentifier),
 * encrypted only when StorageEncrypted is true. MySQL/PostgreSQL engines make a Multi-AZ DB cluster record, but
 * the sandbox does not create its three instances.
 */
const createDBCluster: Operation = {
  name: "CreateDBCluster",
  readOnly: false,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  conditionKeys: createClusterKeys,
  xmlMembers: rdsClusterXmlMembers,
  redact: ["MasterUserPassword"],
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBClusterIdentifier")
    const engine = requiredText(input, "Engine").toLowerCase()
    if (!clusterEngines.includes(engine))
      throw invalidValue(`Invalid DB engine ${engine} for Engine; one of ${clusterEngines.join(", ")}.`)
    const state = callerState(context)
    if (state.clusters[identifier]) throw clusterAlreadyExists(identifier)
    const encrypted = optionalBoolean(input, "StorageEncrypted") === true
    const kmsKeyId = optionalText(input, "KmsKeyId")
    if (kmsKeyId !== undefined && !encrypted)
      throw invalidCombination(
        `You must enable StorageEncrypted when you specify KmsKeyId for DB engine ${engine}.`,
      )
    const place = placeOf(context)
    const cluster = newClusterRecord(
      context.store,
      place,
      {
        identifier,
        engine,
        engineVersion: optionalText(input, "EngineVersion"),
        port: optionalInteger(input, "Port", { min: 1150, max: 65_535 }),
        masterUsername: optionalText(input, "MasterUsername"),
        databaseName: optionalText(input, "DatabaseName"),
        storageEncrypted: encrypted,
        kmsKeyId: encrypted ? encryptionKey(context.store, place, kmsKeyId, context.clock.now()) : undefined,
        vpcSecurityGroupIds: textList(input, "VpcSecurityGroupIds"),
        settings: {
          backupRetentionPeriod: backupRetention(input, 1),
          preferredBackupWindow: backupWindow(input),
          preferredMaintenanceWindow: maintenanceWindow(input),
          deletionProtection: optionalBoolean(input, "DeletionProtection"),
          iamDatabaseAuthenticationEnabled: optionalBoolean(input, "EnableIAMDatabaseAuthentication"),
          enabledCloudwatchLogsExports: logExports(input, engine),
          copyTagsToSnapshot: optionalBoolean(input, "CopyTagsToSnapshot"),
        },
        tags: tagList(input),
      },
      context.clock.now(),
    )
    state.clusters[identifier] = cluster
    touched(context)
    return answer(context, state, cluster)
  },
}

const clusterFilters = ["clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine"]

const describeDBClusters: Operation = {
  name: "DescribeDBClusters",
  readOnly: true,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  xmlMembers: rdsClusterXmlMembers,
  handle: (input, context) => {
    checkMaxRecords(input)
    const filters = filterList(input, clusterFilters)
    const state = callerState(context)
    const now = context.clock.now()
    const ref = optionalText(input, "DBClusterIdentifier")
    const place = placeOf(context)
    const clusters = (
      ref
        ? [getCluster(context, state, ref)]
        : Object.values(state.clusters)
            .filter((cluster) => !isGone(cluster, now))
            .sort((a, b) => a.identifier.localeCompare(b.identifier))
    ).filter((cluster) =>
      [...filters].every(
        ([name, values]) =>
          name === "db-cluster-id"
            ? values.some((v) => localIdentifier(v, "cluster", place) === cluster.identifier)
            : name === "db-cluster-resource-id"
              ? values.includes(cluster.resourceId)
              : name === "engine"
                ? values.map((v) => v.toLowerCase()).includes(cluster.engine)
                : false, // no clones, no directory domains
      ),
    )
    const page = paginate(clusters, input, {
      limit: 100,
      sizeField: "MaxRecords",
      tokenField: "Marker",
      invalidTokenCode: "InvalidParameterValue",
    })
    return {
      DBClusters: page.items.map((cluster) => clusterShape(place, state, cluster, now)),
      Marker: page.nextToken,
    }
  },
}

const modifiable = [
  "DBClusterIdentifier",
  "ApplyImmediately",
  "BackupRetentionPeriod",
  "PreferredBackupWindow",
  "PreferredMaintenanceWindow",
  "DeletionProtection",
  "EnableIAMDatabaseAuthentication",
  "CloudwatchLogsExportConfiguration",
  "CopyTagsToSnapshot",
]

/** ModifyDBCluster: the cluster is `modifying`, then the values hold for the cluster and all its instances. */
const modifyDBCluster: Operation = {
  name: "ModifyDBCluster",
  readOnly: false,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  xmlMembers: rdsClusterXmlMembers,
  handle: (input, context) => {
    refuseUnsupported(input, "ModifyDBCluster", modifiable)
    const state = callerState(context)
    const cluster = getCluster(context, state, requiredText(input, "DBClusterIdentifier"))
    const now = context.clock.now()
    requireAvailable(cluster, now)
    settleChanges(cluster, now)
    optionalBoolean(input, "ApplyImmediately")
    const values: Partial<ClusterSettings> = {}
    const retention = backupRetention(input, 1)
    if (retention !== undefined) values.backupRetentionPeriod = retention
    const window = backupWindow(input)
    if (window !== undefined) values.preferredBackupWindow = window
    const maintenance = maintenanceWindow(input)
    if (maintenance !== undefined) values.preferredMaintenanceWindow = maintenance
    const protection = optionalBoolean(input, "DeletionProtection")
    if (protection !== undefined) values.deletionProtection = protection
    const iam = optionalBoolean(input, "EnableIAMDatabaseAuthentication")
    if (iam !== undefined) values.iamDatabaseAuthenticationEnabled = iam
    const logs = logExportChange(input, cluster.engine, cluster.settings.enabledCloudwatchLogsExports)
    if (logs !== undefined) values.enabledCloudwatchLogsExports = logs
    const copyTags = optionalBoolean(input, "CopyTagsToSnapshot")
    if (copyTags !== undefined) values.copyTagsToSnapshot = copyTags
    if (Object.keys(values).length === 0) throw invalidCombination("No modifications were requested")
    cluster.changes.push({ requestedAt: now, startsAt: now, endsAt: now + rdsTimings.modifying, values })
    touched(context)
    return answer(context, state, cluster)
  },
}

/**
 * DeleteDBCluster: refused while deletion protection is on or while instances remain; needs a final snapshot or
 * SkipFinalSnapshot.
 */
const deleteDBCluster: Operation = {
  name: "DeleteDBCluster",
  readOnly: false,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  xmlMembers: rdsClusterXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const cluster = getCluster(context, state, requiredText(input, "DBClusterIdentifier"))
    const now = context.clock.now()
    const status = clusterStatus(cluster, now)
    if (status === "deleting")
      throw invalidClusterState(`DB cluster ${cluster.identifier} is already being deleted.`)
    if (clusterSettingsNow(cluster, now).deletionProtection)
      throw invalidCombination(
        "Cannot delete protected Cluster, please disable deletion protection and try again.",
      )
    if (clusterMembers(state, cluster, now).some((member) => member.deletingSince === undefined))
      throw invalidClusterState(
        "Cluster cannot be deleted, it still contains DB instances in non-deleting state.",
      )
    const skip = optionalBoolean(input, "SkipFinalSnapshot") ?? false
    const finalRef = optionalText(input, "FinalDBSnapshotIdentifier")
    const finalId =
      finalRef === undefined ? undefined : validIdentifier("FinalDBSnapshotIdentifier", finalRef, 255)
    if (skip && finalId !== undefined)
      throw invalidCombination(
        "FinalDBSnapshotIdentifier cannot be specified when SkipFinalSnapshot is true.",
      )
    if (!skip && finalId === undefined)
      throw invalidCombination("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.")
    if (finalId !== undefined) {
      requireAvailable(cluster, now)
      if (state.clusterSnapshots[finalId]) throw clusterSnapshotAlreadyExists(finalId)
      const tags = clusterSettingsNow(cluster, now).copyTagsToSnapshot ? cluster.tags : []
      state.clusterSnapshots[finalId] = snapshotOfCluster(cluster, finalId, now, tags)
    }
    cluster.deletingSince = now
    touched(context)
    return answer(context, state, cluster)
  },
}

/**
 * FailoverDBCluster: the target reader (or the first reader by promotion tier) becomes the writer; the cluster is
 * `failing-over` for a minute. Each failover is recorded on the cluster (and, like every call, in CloudTrail).
 */
const failoverDBCluster: Operation = {
  name: "FailoverDBCluster",
  readOnly: false,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  xmlMembers: rdsClusterXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const cluster = getCluster(context, state, requiredText(input, "DBClusterIdentifier"))
    const now = context.clock.now()
    requireAvailable(cluster, now)
    const members = clusterMembers(state, cluster, now).filter((member) => member.deletingSince === undefined)
    if (members.length === 0)
      throw invalidClusterState(`DB cluster ${cluster.identifier} has no DB instances to fail over.`)
    const writer = clusterWriter(state, cluster, now)
    const targetRef = optionalText(input, "TargetDBInstanceIdentifier")
    let target: string | undefined
    if (targetRef !== undefined) {
      const id = localIdentifier(targetRef, "db", placeOf(context))
      const instance = id === undefined ? undefined : state.instances[id]
      if (!instance || isGone(instance, now)) throw instanceNotFound(targetRef)
      if (instance.clusterIdentifier !== cluster.identifier)
        throw invalidValue(
          `TargetDBInstanceIdentifier ${instance.identifier} is not a DB instance of DB cluster ${cluster.identifier}.`,
        )
      target = instance.identifier
    } else {
      // Aurora promotes the reader with the best (lowest) promotion tier.
      target = members
        .filter((member) => member.identifier !== writer)
        .sort(
          (a, b) =>
            (a.promotionTier ?? 1) - (b.promotionTier ?? 1) || a.identifier.localeCompare(b.identifier),
        )[0]?.identifier
    }
    cluster.failovers = [
      ...cluster.failovers.slice(-19),
      {
        at: now,
        until: now + rdsTimings.failingOver,
        ...(writer !== undefined ? { from: writer } : {}),
        ...(target !== undefined ? { to: target } : {}),
      },
    ]
    if (target !== undefined) cluster.writer = target
    touched(context)
    return answer(context, state, cluster)
  },
}

/** DB cluster operations. */
export const clusterOperations: ReadonlyArray<Operation> = [
  createDBCluster,
  describeDBClusters,
  modifyDBCluster,
  deleteDBCluster,
  failoverDBCluster,
]
