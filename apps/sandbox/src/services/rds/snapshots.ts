import type { Input, Operation } from "../../operation.ts"
import { paginate } from "../pagination.ts"
import { existingInstanceKeys, resourceOf, restoreKeys } from "./authorization.ts"
import { encryptionKey } from "./encryption.ts"
import {
  instanceAlreadyExists,
  invalidCombination,
  invalidInstanceState,
  invalidSnapshotState,
  invalidValue,
  snapshotAlreadyExists,
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
import { rdsTimings, snapshotStatus } from "./lifecycle.ts"
import {
  callerState,
  getInstance,
  getSnapshot,
  localIdentifier,
  placeOf,
  sourceSnapshot,
  touched,
} from "./lookup.ts"
import { newInstanceRecord, snapshotOfInstance } from "./records.ts"
import { backupRetention, backupWindow, logExports } from "./settings-input.ts"
import { instanceShape, instanceView, rdsXmlMembers, snapshotShape } from "./shapes.ts"
import { snapshotsToList } from "./snapshot-listing.ts"
import { rdsArn, type SnapshotRecord } from "./state.ts"

/*
 * DB snapshots, and the encrypt-by-snapshot pattern: an instance cannot be encrypted in place, so one snapshots it,
 * copies the snapshot with a KMS key (the copy is encrypted), and restores the copy under a new identifier (the
 * new instance takes the snapshot's encryption). An encrypted snapshot copies encrypted; nothing makes an
 * unencrypted copy of an encrypted snapshot.
 */

const snapshotIdLength = 255

const createDBSnapshot: Operation = {
  name: "CreateDBSnapshot",
  readOnly: false,
  resource: resourceOf("snapshot", "DBSnapshotIdentifier"),
  conditionKeys: existingInstanceKeys("DBInstanceIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBSnapshotIdentifier", snapshotIdLength)
    const state = callerState(context)
    const instance = getInstance(context, state, requiredText(input, "DBInstanceIdentifier"))
    const now = context.clock.now()
    const view = instanceView(state, instance, now)
    if (instance.clusterIdentifier !== undefined)
      throw invalidValue(
        `DB instance ${instance.identifier} is a member of DB cluster ${instance.clusterIdentifier}; use CreateDBClusterSnapshot instead.`,
      )
    if (view.status !== "available") throw invalidInstanceState(instance.identifier, view.status)
    if (state.snapshots[identifier]) throw snapshotAlreadyExists(identifier)
    const tags = mergeTags(view.settings.copyTagsToSnapshot ? instance.tags : [], tagList(input))
    const snapshot = snapshotOfInstance(view, identifier, now, tags)
    state.snapshots[identifier] = snapshot
    touched(context)
    return { DBSnapshot: snapshotShape(placeOf(context), snapshot, now) }
  },
}

/**
 * CopyDBSnapshot. With KmsKeyId the copy is encrypted with that key (this is how unencrypted data gets
 * encrypted); without it an encrypted source copies under the source's key (a source in another region or account
 * needs a KmsKeyId of the caller's region), and an unencrypted source copies unencrypted.
 */
const copyDBSnapshot: Operation = {
  name: "CopyDBSnapshot",
  readOnly: false,
  resource: resourceOf("snapshot", "TargetDBSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  redact: ["PreSignedUrl"],
  handle: (input, context) => {
    const sourceRef = requiredText(input, "SourceDBSnapshotIdentifier")
    const identifier = requiredIdentifier(input, "TargetDBSnapshotIdentifier", snapshotIdLength)
    const source = sourceSnapshot(context, sourceRef, "snapshot")
    const now = context.clock.now()
    const status = snapshotStatus(source.record, now)
    if (status !== "available") throw invalidSnapshotState(source.record.identifier, status)
    const state = callerState(context)
    if (state.snapshots[identifier]) throw snapshotAlreadyExists(identifier)
    const place = placeOf(context)
    const elsewhere = source.place.account !== place.account || source.place.region !== place.region
    const kmsKeyId = optionalText(input, "KmsKeyId")
    let encrypted = source.record.encrypted
    let keyArn = source.record.kmsKeyId
    if (kmsKeyId !== undefined) {
      encrypted = true
      keyArn = encryptionKey(context.store, place, kmsKeyId, context.clock.now())
    } else if (encrypted && elsewhere) {
      throw invalidCombination(
        `KmsKeyId is required to copy encrypted DB snapshot ${sourceRef} from another region or account: give a KMS key of ${place.region}.`,
      )
    }
    const copyTags = optionalBoolean(input, "CopyTags") ?? false
    const copy: SnapshotRecord = {
      ...source.record,
      identifier,
      encrypted,
      ...(encrypted && keyArn !== undefined ? { kmsKeyId: keyArn } : {}),
      sourceSnapshotArn: rdsArn(source.place, "snapshot", source.record.identifier),
      createdAt: now,
      creatingUntil: now + rdsTimings.snapshotCreating,
      restore: [],
      tags: mergeTags(copyTags ? source.record.tags : [], tagList(input)),
    }
    if (!encrypted) delete copy.kmsKeyId
    if (source.place.region !== place.region) copy.sourceRegion = source.place.region
    else delete copy.sourceRegion
    state.snapshots[identifier] = copy
    touched(context)
    return { DBSnapshot: snapshotShape(place, copy, now) }
  },
}

const snapshotFilters = ["db-instance-id", "db-snapshot-id", "dbi-resource-id", "snapshot-type", "engine"]

const describeDBSnapshots: Operation = {
  name: "DescribeDBSnapshots",
  readOnly: true,
  resource: resourceOf("snapshot", "DBSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    checkMaxRecords(input)
    const filters = filterList(input, snapshotFilters)
    const listed = snapshotsToList(context, input, "snapshots", "DBSnapshotIdentifier", (state, ref) =>
      getSnapshot(context, state, ref),
    )
    const place = placeOf(context)
    const now = context.clock.now()
    const instanceRef = optionalText(input, "DBInstanceIdentifier")
    const dbiResourceId = optionalText(input, "DbiResourceId")
    const shown = listed
      .filter(
        ({ record }) =>
          instanceRef === undefined ||
          localIdentifier(instanceRef, "db", place) === record.instanceIdentifier,
      )
      .filter(({ record }) => dbiResourceId === undefined || record.dbiResourceId === dbiResourceId)
      .filter(({ record, type: listedType }) =>
        [...filters].every(([name, values]) =>
          name === "db-instance-id"
            ? values.some((v) => localIdentifier(v, "db", place) === record.instanceIdentifier)
            : name === "db-snapshot-id"
              ? values.some((v) => localIdentifier(v, "snapshot", place) === record.identifier)
              : name === "dbi-resource-id"
                ? values.includes(record.dbiResourceId)
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
      DBSnapshots: page.items.map(({ record, place: where, type: listedType }) => {
        const shape = snapshotShape(where, record, now)
        // Snapshots of other accounts are named by their ARN, and typed shared/public, as AWS lists them.
        return where.account === place.account
          ? shape
          : { ...shape, DBSnapshotIdentifier: shape.DBSnapshotArn, SnapshotType: listedType }
      }),
      Marker: page.nextToken,
    }
  },
}

const deleteDBSnapshot: Operation = {
  name: "DeleteDBSnapshot",
  readOnly: false,
  resource: resourceOf("snapshot", "DBSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const snapshot = getSnapshot(context, state, requiredText(input, "DBSnapshotIdentifier"))
    const now = context.clock.now()
    const status = snapshotStatus(snapshot, now)
    if (status !== "available") throw invalidSnapshotState(snapshot.identifier, status)
    delete state.snapshots[snapshot.identifier]
    touched(context)
    return { DBSnapshot: { ...snapshotShape(placeOf(context), snapshot, now), Status: "deleted" } }
  },
}

/** Instance class of the restore: the request's, else the class of the instance the snapshot was taken from. */
const restoredClass = (input: Input, snapshot: SnapshotRecord): string => {
  const instanceClass = optionalText(input, "DBInstanceClass") ?? snapshot.instanceClass
  if (!/^db\.[a-z0-9-]+(\.[a-z0-9-]+)?$/.test(instanceClass))
    throw invalidValue(`Invalid DB instance class ${instanceClass} for DBInstanceClass, such as db.t3.micro.`)
  return instanceClass
}

/**
 * RestoreDBInstanceFromDBSnapshot: a new instance under a new identifier, with the snapshot's engine and its
 * encryption (the call has no encryption parameters: an encrypted snapshot restores encrypted with its key, an
 * unencrypted one unencrypted).
 */
const restoreDBInstanceFromDBSnapshot: Operation = {
  name: "RestoreDBInstanceFromDBSnapshot",
  readOnly: false,
  resource: resourceOf("db", "DBInstanceIdentifier"),
  conditionKeys: restoreKeys("DBSnapshotIdentifier", "snapshots"),
  xmlMembers: rdsXmlMembers,
  redact: ["TdeCredentialPassword"],
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBInstanceIdentifier")
    if (optionalText(input, "DBClusterSnapshotIdentifier") !== undefined)
      throw invalidValue(
        "DBClusterSnapshotIdentifier (restoring a Multi-AZ DB cluster snapshot to an instance) is not emulated by the sandbox.",
      )
    const source = sourceSnapshot(context, requiredText(input, "DBSnapshotIdentifier"), "snapshot")
    const snapshot = source.record
    const now = context.clock.now()
    const status = snapshotStatus(snapshot, now)
    if (status !== "available") throw invalidSnapshotState(snapshot.identifier, status)
    const engine = optionalText(input, "Engine")?.toLowerCase()
    if (engine !== undefined && engine !== snapshot.engine)
      throw invalidCombination(
        `Engine ${engine} cannot restore DB snapshot ${snapshot.identifier} of engine ${snapshot.engine}.`,
      )
    const state = callerState(context)
    if (state.instances[identifier]) throw instanceAlreadyExists(identifier)
    const place = placeOf(context)
    const record = newInstanceRecord(
      context.store,
      place,
      {
        identifier,
        engine: snapshot.engine,
        engineVersion: snapshot.engineVersion,
        instanceClass: restoredClass(input, snapshot),
        allocatedStorage:
          optionalInteger(input, "AllocatedStorage", { min: snapshot.allocatedStorage, max: 65_536 }) ??
          snapshot.allocatedStorage,
        storageType: optionalText(input, "StorageType") ?? snapshot.storageType,
        masterUsername: snapshot.masterUsername,
        dbName: snapshot.dbName,
        port: optionalInteger(input, "Port", { min: 1150, max: 65_535 }) ?? snapshot.port,
        availabilityZone: optionalText(input, "AvailabilityZone"),
        storageEncrypted: snapshot.encrypted,
        kmsKeyId: snapshot.kmsKeyId,
        vpcSecurityGroupIds: textList(input, "VpcSecurityGroupIds"),
        settings: {
          backupRetentionPeriod: backupRetention(input),
          preferredBackupWindow: backupWindow(input),
          multiAZ: optionalBoolean(input, "MultiAZ"),
          publiclyAccessible: optionalBoolean(input, "PubliclyAccessible"),
          deletionProtection: optionalBoolean(input, "DeletionProtection"),
          iamDatabaseAuthenticationEnabled: optionalBoolean(input, "EnableIAMDatabaseAuthentication"),
          enabledCloudwatchLogsExports: logExports(input, snapshot.engine),
          autoMinorVersionUpgrade: optionalBoolean(input, "AutoMinorVersionUpgrade"),
          copyTagsToSnapshot: optionalBoolean(input, "CopyTagsToSnapshot"),
        },
        tags: tagList(input),
      },
      now,
    )
    state.instances[identifier] = record
    touched(context)
    return { DBInstance: instanceShape(place, state, record, now) }
  },
}

/** DB snapshot operations. */
export const snapshotOperations: ReadonlyArray<Operation> = [
  createDBSnapshot,
  copyDBSnapshot,
  describeDBSnapshots,
  deleteDBSnapshot,
  restoreDBInstanceFromDBSnapshot,
]
