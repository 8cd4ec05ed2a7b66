import type { Operation } from "../../operation.ts"
import { paginate } from "../pagination.ts"
import { resourceOf, restoreKeys } from "./authorization.ts"
import { encryptionKey } from "./encryption.ts"
import {
  clusterAlreadyExists,
  clusterSnapshotAlreadyExists,
  invalidClusterSnapshotState,
  invalidClusterState,
  invalidCombination,
} from "./errors.ts"
import {
  checkMaxRecords,
  filterList,
  mergeTags,
  optionalBoolean,
  optionalInteger,
  optionalText,
  requiredIdentifier,
  requiredText,
  tagList,
  textList,
} from "./input.ts"
import { clusterStatus, rdsTimings, snapshotStatus } from "./lifecycle.ts"
import {
  callerState,
  getCluster,
  getClusterSnapshot,
  localIdentifier,
  placeOf,
  sourceSnapshot,
  touched,
} from "./lookup.ts"
import { newClusterRecord, snapshotOfCluster } from "./records.ts"
import { backupRetention, backupWindow, logExports } from "./settings-input.ts"
import {
  clusterSettingsNow,
  clusterShape,
  clusterSnapshotShape,
  rdsClusterXmlMembers,
  rdsXmlMembers,
} from "./shapes.ts"
import { snapshotsToList } from "./snapshot-listing.ts"
import { type ClusterSnapshotRecord, rdsArn } from "./state.ts"

/*
 * DB cluster snapshots, and how Aurora clusters get encrypted: snapshot the cluster, then
 * RestoreDBClusterFromSnapshot with a KmsKeyId (the restored cluster is encrypted with it), then create the
 * instances of the new cluster. CopyDBClusterSnapshot with a KmsKeyId also makes an encrypted copy.
 */

const snapshotIdLength = 255

const createDBClusterSnapshot: Operation = {
  name: "CreateDBClusterSnapshot",
  readOnly: false,
  resource: resourceOf("cluster-snapshot", "DBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBClusterSnapshotIdentifier", snapshotIdLength)
    const state = callerState(context)
    const cluster = getCluster(context, state, requiredText(input, "DBClusterIdentifier"))
    const now = context.clock.now()
    const status = clusterStatus(cluster, now)
    if (status !== "available")
      throw invalidClusterState(
        `DB cluster ${cluster.identifier} is in state ${status}; it must be available.`,
      )
    if (state.clusterSnapshots[identifier]) throw clusterSnapshotAlreadyExists(identifier)
    const tags = mergeTags(
      clusterSettingsNow(cluster, now).copyTagsToSnapshot ? cluster.tags : [],
      tagList(input),
    )
    const snapshot = snapshotOfCluster(cluster, identifier, now, tags)
    state.clusterSnapshots[identifier] = snapshot
    touched(context)
    return { DBClusterSnapshot: clusterSnapshotShape(placeOf(context), snapshot, now) }
  },
}

/** CopyDBClusterSnapshot: encryption as for CopyDBSnapshot (KmsKeyId encrypts; encrypted copies encrypted). */
const copyDBClusterSnapshot: Operation = {
  name: "CopyDBClusterSnapshot",
  readOnly: false,
  resource: resourceOf("cluster-snapshot", "TargetDBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  redact: ["PreSignedUrl"],
  handle: (input, context) => {
    const sourceRef = requiredText(input, "SourceDBClusterSnapshotIdentifier")
    const identifier = requiredIdentifier(input, "TargetDBClusterSnapshotIdentifier", snapshotIdLength)
    const source = sourceSnapshot(context, sourceRef, "cluster-snapshot")
    const now = context.clock.now()
    const status = snapshotStatus(source.record, now)
    if (status !== "available") throw invalidClusterSnapshotState(source.record.identifier, status)
    const state = callerState(context)
    if (state.clusterSnapshots[identifier]) throw clusterSnapshotAlreadyExists(identifier)
    const place = placeOf(context)
    const elsewhere = source.place.account !== place.account || source.place.region !== place.region
    const kmsKeyId = optionalText(input, "KmsKeyId")
    let encrypted = source.record.storageEncrypted
    let keyArn = source.record.kmsKeyId
    if (kmsKeyId !== undefined) {
      encrypted = true
      keyArn = encryptionKey(context.store, place, kmsKeyId, context.clock.now())
    } else if (encrypted && elsewhere) {
      throw invalidCombination(
        `KmsKeyId is required to copy encrypted DB cluster snapshot ${sourceRef} from another region or account: give a KMS key of ${place.region}.`,
      )
    }
    const copyTags = optionalBoolean(input, "CopyTags") ?? false
    const copy: ClusterSnapshotRecord = {
      ...source.record,
      identifier,
      storageEncrypted: encrypted,
      ...(encrypted && keyArn !== undefined ? { kmsKeyId: keyArn } : {}),
      sourceSnapshotArn: rdsArn(source.place, "cluster-snapshot", source.record.identifier),
      createdAt: now,
      creatingUntil: now + rdsTimings.snapshotCreating,
      restore: [],
      tags: mergeTags(copyTags ? source.record.tags : [], tagList(input)),
    }
    if (!encrypted) delete copy.kmsKeyId
    state.clusterSnapshots[identifier] = copy
    touched(context)
    return { DBClusterSnapshot: clusterSnapshotShape(place, copy, now) }
  },
}

const clusterSnapshotFilters = ["db-cluster-id", "db-cluster-snapshot-id", "snapshot-type", "engine"]

const describeDBClusterSnapshots: Operation = {
  name: "DescribeDBClusterSnapshots",
  readOnly: true,
  resource: resourceOf("cluster-snapshot", "DBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    checkMaxRecords(input)
    const filters = filterList(input, clusterSnapshotFilters)
    const listed = snapshotsToList(
      context,
      input,
      "clusterSnapshots",
      "DBClusterSnapshotIdentifier",
      (state, ref) => getClusterSnapshot(context, state, ref),
    )
    const place = placeOf(context)
    const now = context.clock.now()
    const clusterRef = optionalText(input, "DBClusterIdentifier")
    const shown = listed
      .filter(
        ({ record }) =>
          clusterRef === undefined ||
          localIdentifier(clusterRef, "cluster", place) === record.clusterIdentifier,
      )
      .filter(({ record, type: listedType }) =>
        [...filters].every(([name, values]) =>
          name === "db-cluster-id"
            ? values.some((v) => localIdentifier(v, "cluster", place) === record.clusterIdentifier)
            : name === "db-cluster-snapshot-id"
              ? values.some((v) => localIdentifier(v, "cluster-snapshot", place) === record.identifier)
              : name === "snapshot-type"
                ? values.includes(listedType)
                : values.map((v) => v.toLowerCase()).includes(record.engine),
        ),
      )
      .sort((a, b) => a.record.identifier.localeCompare(b.record.identifier))
    const page = paginate(shown, input, {
      limit: 100,
      sizeField: "MaxRecords",
      tokenField: "Marker",
      invalidTokenCode: "InvalidParameterValue",
    })
    return {
      DBClusterSnapshots: page.items.map(({ record, place: where, type: listedType }) => {
        const shape = clusterSnapshotShape(where, record, now)
        return where.account === place.account
          ? shape
          : { ...shape, DBClusterSnapshotIdentifier: shape.DBClusterSnapshotArn, SnapshotType: listedType }
      }),
      Marker: page.nextToken,
    }
  },
}

const deleteDBClusterSnapshot: Operation = {
  name: "DeleteDBClusterSnapshot",
  readOnly: false,
  resource: resourceOf("cluster-snapshot", "DBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const snapshot = getClusterSnapshot(context, state, requiredText(input, "DBClusterSnapshotIdentifier"))
    const now = context.clock.now()
    const status = snapshotStatus(snapshot, now)
    if (status !== "available") throw invalidClusterSnapshotState(snapshot.identifier, status)
    delete state.clusterSnapshots[snapshot.identifier]
    touched(context)
    return {
      DBClusterSnapshot: { ...clusterSnapshotShape(placeOf(context), snapshot, now), Status: "deleted" },
    }
  },
}

/**
 * RestoreDBClusterFromSnapshot: a new cluster (without instances) from a DB cluster snapshot. With KmsKeyId it is
 * encrypted with that key, whether or not the snapshot was; without, it takes the snapshot's encryption.
 */
const restoreDBClusterFromSnapshot: Operation = {
  name: "RestoreDBClusterFromSnapshot",
  readOnly: false,
  resource: resourceOf("cluster", "DBClusterIdentifier"),
  conditionKeys: restoreKeys("SnapshotIdentifier", "clusterSnapshots"),
  xmlMembers: rdsClusterXmlMembers,
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBClusterIdentifier")
    const source = sourceSnapshot(context, requiredText(input, "SnapshotIdentifier"), "cluster-snapshot")
    const snapshot = source.record
    const engine = requiredText(input, "Engine").toLowerCase()
    if (engine !== snapshot.engine)
      throw invalidCombination(
        `Engine ${engine} cannot restore DB cluster snapshot ${snapshot.identifier} of engine ${snapshot.engine}.`,
      )
    const now = context.clock.now()
    const status = snapshotStatus(snapshot, now)
    if (status !== "available") throw invalidClusterSnapshotState(snapshot.identifier, status)
    const state = callerState(context)
    if (state.clusters[identifier]) throw clusterAlreadyExists(identifier)
    const place = placeOf(context)
    const kmsKeyId = optionalText(input, "KmsKeyId")
    const encrypted = kmsKeyId !== undefined || snapshot.storageEncrypted
    const keyArn =
      kmsKeyId !== undefined
        ? encryptionKey(context.store, place, kmsKeyId, context.clock.now())
        : snapshot.kmsKeyId
    const cluster = newClusterRecord(
      context.store,
      place,
      {
        identifier,
        engine,
        engineVersion: optionalText(input, "EngineVersion") ?? snapshot.engineVersion,
        port: optionalInteger(input, "Port", { min: 1150, max: 65_535 }) ?? snapshot.port,
        masterUsername: snapshot.masterUsername,
        databaseName: snapshot.databaseName,
        storageEncrypted: encrypted,
        kmsKeyId: keyArn,
        vpcSecurityGroupIds: textList(input, "VpcSecurityGroupIds"),
        settings: {
          backupRetentionPeriod: backupRetention(input, 1),
          preferredBackupWindow: backupWindow(input),
          deletionProtection: optionalBoolean(input, "DeletionProtection"),
          iamDatabaseAuthenticationEnabled: optionalBoolean(input, "EnableIAMDatabaseAuthentication"),
          enabledCloudwatchLogsExports: logExports(input, engine),
          copyTagsToSnapshot: optionalBoolean(input, "CopyTagsToSnapshot"),
        },
        tags: tagList(input),
      },
      now,
    )
    state.clusters[identifier] = cluster
    touched(context)
    return { DBCluster: clusterShape(place, state, cluster, now) }
  },
}

/** DB cluster snapshot operations. */
export const clusterSnapshotOperations: ReadonlyArray<Operation> = [
  createDBClusterSnapshot,
  copyDBClusterSnapshot,
  describeDBClusterSnapshots,
  deleteDBClusterSnapshot,
  restoreDBClusterFromSnapshot,
]
