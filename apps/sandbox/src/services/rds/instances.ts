import type { CallContext, Operation } from "../../operation.ts"
import { paginate } from "../pagination.ts"
import { createInstanceKeys, existingInstanceKeys, resourceOf } from "./authorization.ts"
import { encryptionKey } from "./encryption.ts"
import { instanceEngines, isAurora } from "./engines.ts"
import {
  instanceAlreadyExists,
  invalidClusterState,
  invalidCombination,
  invalidInstanceState,
  invalidValue,
  snapshotAlreadyExists,
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
import {
  clusterStatus,
  instanceStatus,
  isGone,
  nextMaintenanceWindow,
  rdsTimings,
  settleChanges,
} from "./lifecycle.ts"
import { callerState, getCluster, getInstance, localIdentifier, placeOf, touched } from "./lookup.ts"
import { newInstanceRecord, snapshotOfInstance } from "./records.ts"
import {
  backupRetention,
  backupWindow,
  logExportChange,
  logExports,
  maintenanceWindow,
  monitoring,
  refuseUnsupported,
} from "./settings-input.ts"
import { clusterMembers, instanceShape, instanceView, rdsXmlMembers } from "./shapes.ts"
import { availabilityZones, type InstanceRecord, type InstanceSettings, type RdsState } from "./state.ts"

/** The instance's answer shape at the current simulated time. */
const answer = (context: CallContext, state: RdsState, record: InstanceRecord) => ({
  DBInstance: instanceShape(placeOf(context), state, record, context.clock.now()),
})

const instanceClassPattern = /^db\.[a-z0-9-]+(\.[a-z0-9-]+)?$/

/** Instances an Aurora cluster member may be placed in: spread over the zones like RDS does by default. */
const memberZone = (context: CallContext, state: RdsState, clusterId: string): string => {
  const zones = availabilityZones(context.region)
  const members = Object.values(state.instances).filter((i) => i.clusterIdentifier === clusterId).length
  return zones[members % zones.length] as string
}

const createDBInstance: Operation = {
  name: "CreateDBInstance",
  readOnly: false,
  resource: resourceOf("db", "DBInstanceIdentifier"),
  conditionKeys: createInstanceKeys,
  xmlMembers: rdsXmlMembers,
  redact: ["MasterUserPassword", "TdeCredentialPassword"],
  handle: (input, context) => {
    const identifier = requiredIdentifier(input, "DBInstanceIdentifier")
    const instanceClass = requiredText(input, "DBInstanceClass")
    if (!instanceClassPattern.test(instanceClass))
      throw invalidValue(
        `Invalid DB instance class ${instanceClass} for DBInstanceClass, such as db.t3.micro.`,
      )
    const engine = requiredText(input, "Engine").toLowerCase()
    if (!instanceEngines.includes(engine))
      throw invalidValue(`Invalid DB engine ${engine} for Engine; one of ${instanceEngines.join(", ")}.`)
    const state = callerState(context)
    if (state.instances[identifier]) throw instanceAlreadyExists(identifier)
    const place = placeOf(context)
    const now = context.clock.now()
    const clusterRef = optionalText(input, "DBClusterIdentifier")
    const aurora = isAurora(engine)
    const requestedEncryption = optionalBoolean(input, "StorageEncrypted")
    const kmsKeyId = optionalText(input, "KmsKeyId")
    let storageEncrypted: boolean
    let keyArn: string | undefined
    let clusterIdentifier: string | undefined
    if (aurora) {
      if (clusterRef === undefined)
        throw invalidCombination(`DBClusterIdentifier is required for a DB instance of engine ${engine}.`)
      const cluster = getCluster(context, state, clusterRef)
      if (cluster.engine !== engine)
        throw invalidCombination(
          `The engine ${engine} (Engine) does not match the engine ${cluster.engine} of DB cluster ${cluster.identifier}.`,
        )
      const status = clusterStatus(cluster, now)
      if (status !== "available")
        throw invalidClusterState(
          `DB cluster ${cluster.identifier} is in state ${status}; it must be available.`,
        )
      if (kmsKeyId !== undefined)
        throw invalidCombination(
          "The requested DB Instance will be a member of a DB Cluster and its storage encryption key should not be set directly.",
        )
      // Aurora instances take their encryption from the cluster; StorageEncrypted does not apply to them.
      storageEncrypted = cluster.storageEncrypted
      keyArn = cluster.kmsKeyId
      clusterIdentifier = cluster.identifier
    } else {
      if (clusterRef !== undefined)
        throw invalidCombination(
          `DBClusterIdentifier applies to Aurora engines only; the sandbox creates no Multi-AZ DB cluster instances for ${engine}.`,
        )
      if (kmsKeyId !== undefined && requestedEncryption !== true)
        throw invalidCombination(
          `You must enable StorageEncrypted when you specify KmsKeyId for DB engine ${engine}.`,
        )
      storageEncrypted = requestedEncryption === true
      keyArn = storageEncrypted
        ? encryptionKey(context.store, place, kmsKeyId, context.clock.now())
        : undefined
    }
    const { interval, roleArn } = monitoring(input)
    const allocatedStorage = optionalInteger(input, "AllocatedStorage", { min: aurora ? 1 : 20, max: 65_536 })
    const record = newInstanceRecord(
      context.store,
      place,
      {
        identifier,
        engine,
        instanceClass,
        engineVersion: aurora
          ? state.clusters[clusterIdentifier as string]?.engineVersion
          : optionalText(input, "EngineVersion"),
        allocatedStorage,
        storageType: optionalText(input, "StorageType"),
        masterUsername: optionalText(input, "MasterUsername"),
        dbName: optionalText(input, "DBName"),
        port: aurora
          ? state.clusters[clusterIdentifier as string]?.port
          : optionalInteger(input, "Port", { min: 1150, max: 65_535 }),
        availabilityZone:
          optionalText(input, "AvailabilityZone") ??
          (clusterIdentifier === undefined ? undefined : memberZone(context, state, clusterIdentifier)),
        storageEncrypted,
        kmsKeyId: keyArn,
        clusterIdentifier,
        promotionTier: optionalInteger(input, "PromotionTier", { min: 0, max: 15 }),
        vpcSecurityGroupIds: textList(input, "VpcSecurityGroupIds"),
        settings: {
          // Aurora members report their cluster's backup, IAM and log settings (shapes.ts); theirs are not used.
          backupRetentionPeriod: aurora ? undefined : backupRetention(input),
          preferredBackupWindow: backupWindow(input),
          preferredMaintenanceWindow: maintenanceWindow(input),
          multiAZ: aurora ? undefined : optionalBoolean(input, "MultiAZ"),
          publiclyAccessible: optionalBoolean(input, "PubliclyAccessible"),
          deletionProtection: optionalBoolean(input, "DeletionProtection"),
          iamDatabaseAuthenticationEnabled: aurora
            ? undefined
            : optionalBoolean(input, "EnableIAMDatabaseAuthentication"),
          enabledCloudwatchLogsExports: aurora ? undefined : logExports(input, engine),
          monitoringInterval: interval,
          monitoringRoleArn: roleArn,
          autoMinorVersionUpgrade: optionalBoolean(input, "AutoMinorVersionUpgrade"),
          copyTagsToSnapshot: optionalBoolean(input, "CopyTagsToSnapshot"),
        },
        tags: tagList(input),
      },
      now,
    )
    state.instances[identifier] = record
    if (clusterIdentifier !== undefined) {
      const cluster = state.clusters[clusterIdentifier]
      if (cluster && cluster.writer === undefined) cluster.writer = identifier
    }
    touched(context)
    return answer(context, state, record)
  },
}

const instanceFilters = ["db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine"]

/** True when the instance passes every filter (values of one filter are alternatives). */
const matchesFilters = (
  context: CallContext,
  record: InstanceRecord,
  filters: ReadonlyMap<string, ReadonlyArray<string>>,
): boolean => {
  const place = placeOf(context)
  for (const [name, values] of filters) {
    const ok =
      name === "db-instance-id"
        ? values.some((v) => localIdentifier(v, "db", place) === record.identifier)
        : name === "db-cluster-id"
          ? values.some((v) => localIdentifier(v, "cluster", place) === record.clusterIdentifier)
          : name === "dbi-resource-id"
            ? values.includes(record.resourceId)
            : name === "engine"
              ? values.map((v) => v.toLowerCase()).includes(record.engine)
              : false // no instance is joined to a directory domain
    if (!ok) return false
  }
  return true
}

const describeDBInstances: Operation = {
  name: "DescribeDBInstances",
  readOnly: true,
  resource: resourceOf("db", "DBInstanceIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    checkMaxRecords(input)
    const filters = filterList(input, instanceFilters)
    const state = callerState(context)
    const ref = optionalText(input, "DBInstanceIdentifier")
    const now = context.clock.now()
    const records = ref
      ? [getInstance(context, state, ref)]
      : Object.values(state.instances)
          .filter((record) => !isGone(record, now))
          .sort((a, b) => a.identifier.localeCompare(b.identifier))
    const page = paginate(
      records.filter((record) => matchesFilters(context, record, filters)),
      input,
      {
        limit: 100,
        sizeField: "MaxRecords",
        tokenField: "Marker",
        invalidTokenCode: "InvalidParameterValue",
      },
    )
    return {
      DBInstances: page.items.map((record) => instanceShape(placeOf(context), state, record, now)),
      Marker: page.nextToken,
    }
  },
}

const modifiable = [
  "DBInstanceIdentifier",
  "ApplyImmediately",
  "BackupRetentionPeriod",
  "PreferredBackupWindow",
  "PreferredMaintenanceWindow",
  "MultiAZ",
  "PubliclyAccessible",
  "DeletionProtection",
  "EnableIAMDatabaseAuthentication",
  "CloudwatchLogsExportConfiguration",
  "MonitoringInterval",
  "MonitoringRoleArn",
  "AutoMinorVersionUpgrade",
  "CopyTagsToSnapshot",
]

/** Settings Aurora keeps on the cluster: changing them on a member instance is refused, as in AWS. */
const clusterLevel: ReadonlyArray<readonly [string, string]> = [
  ["BackupRetentionPeriod", "backup retention period"],
  ["PreferredBackupWindow", "backup window"],
  ["EnableIAMDatabaseAuthentication", "IAM database authentication"],
  ["CloudwatchLogsExportConfiguration", "log exports"],
  ["MultiAZ", "Multi-AZ"],
]

/**
 * ModifyDBInstance. Most settings apply right away (the instance is `modifying`, then the values hold). As in AWS,
 * Multi-AZ, and turning automated backups on or off, wait for the next maintenance window unless ApplyImmediately
 * is true; until then they show in PendingModifiedValues. ApplyImmediately also starts pending changes now.
 */
const modifyDBInstance: Operation = {
  name: "ModifyDBInstance",
  readOnly: false,
  resource: resourceOf("db", "DBInstanceIdentifier"),
  conditionKeys: existingInstanceKeys("DBInstanceIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    refuseUnsupported(input, "ModifyDBInstance", modifiable)
    const state = callerState(context)
    const record = getInstance(context, state, requiredText(input, "DBInstanceIdentifier"))
    const now = context.clock.now()
    const status = instanceStatus(record, now)
    if (status !== "available") throw invalidInstanceState(record.identifier, status)
    if (record.clusterIdentifier !== undefined) {
      for (const [field, what] of clusterLevel)
        if (input[field] !== undefined)
          throw invalidCombination(
            `The requested DB instance is a member of DB cluster ${record.clusterIdentifier}: set the ${what} (${field}) on the DB cluster.`,
          )
    }
    settleChanges(record, now)
    const current = record.settings
    const applyImmediately = optionalBoolean(input, "ApplyImmediately") ?? false
    const immediate: Partial<InstanceSettings> = {}
    const deferred: Partial<InstanceSettings> = {}
    const retention = backupRetention(input)
    if (retention !== undefined) {
      const switchesBackups = (retention === 0) !== (current.backupRetentionPeriod === 0)
      if (switchesBackups && !applyImmediately) deferred.backupRetentionPeriod = retention
      else immediate.backupRetentionPeriod = retention
    }
    const window = backupWindow(input)
    if (window !== undefined) immediate.preferredBackupWindow = window
    const maintenance = maintenanceWindow(input)
    if (maintenance !== undefined) immediate.preferredMaintenanceWindow = maintenance
    const multiAZ = optionalBoolean(input, "MultiAZ")
    if (multiAZ !== undefined) (applyImmediately ? immediate : deferred).multiAZ = multiAZ
    const publiclyAccessible = optionalBoolean(input, "PubliclyAccessible")
    if (publiclyAccessible !== undefined) immediate.publiclyAccessible = publiclyAccessible
    const deletionProtection = optionalBoolean(input, "DeletionProtection")
    if (deletionProtection !== undefined) immediate.deletionProtection = deletionProtection
    const iam = optionalBoolean(input, "EnableIAMDatabaseAuthentication")
    if (iam !== undefined) immediate.iamDatabaseAuthenticationEnabled = iam
    const logs = logExportChange(input, record.engine, current.enabledCloudwatchLogsExports)
    if (logs !== undefined) immediate.enabledCloudwatchLogsExports = logs
    const { interval, roleArn } = monitoring(input, current.monitoringRoleArn)
    if (interval !== undefined) immediate.monitoringInterval = interval
    if (roleArn !== undefined) immediate.monitoringRoleArn = roleArn
    const autoMinor = optionalBoolean(input, "AutoMinorVersionUpgrade")
    if (autoMinor !== undefined) immediate.autoMinorVersionUpgrade = autoMinor
    const copyTags = optionalBoolean(input, "CopyTagsToSnapshot")
    if (copyTags !== undefined) immediate.copyTagsToSnapshot = copyTags
    const hasImmediate = Object.keys(immediate).length > 0
    const hasDeferred = Object.keys(deferred).length > 0
    if (!hasImmediate && !hasDeferred && !(applyImmediately && record.changes.length > 0))
      throw invalidCombination("No modifications were requested")
    if (applyImmediately) {
      // Pending changes start now instead of waiting for the maintenance window.
      record.changes = record.changes.map((change) =>
        change.startsAt > now ? { ...change, startsAt: now, endsAt: now + rdsTimings.modifying } : change,
      )
    }
    if (hasImmediate)
      record.changes.push({
        requestedAt: now,
        startsAt: now,
        endsAt: now + rdsTimings.modifying,
        values: immediate,
      })
    if (hasDeferred) {
      const startsAt = nextMaintenanceWindow(
        immediate.preferredMaintenanceWindow ?? current.preferredMaintenanceWindow,
        now,
      )
      record.changes.push({
        requestedAt: now,
        startsAt,
        endsAt: startsAt + rdsTimings.modifying,
        values: deferred,
      })
    }
    touched(context)
    return answer(context, state, record)
  },
}

/**
 * DeleteDBInstance: refused while deletion protection is on; a stand-alone instance needs a final snapshot or
 * SkipFinalSnapshot; Aurora members take no final snapshot (the cluster's data stays with the cluster).
 */
const deleteDBInstance: Operation = {
  name: "DeleteDBInstance",
  readOnly: false,
  resource: resourceOf("db", "DBInstanceIdentifier"),
  conditionKeys: existingInstanceKeys("DBInstanceIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const record = getInstance(context, state, requiredText(input, "DBInstanceIdentifier"))
    const now = context.clock.now()
    const view = instanceView(state, record, now)
    if (view.status === "deleting")
      throw invalidInstanceState(record.identifier, view.status, "not already deleting")
    if (view.settings.deletionProtection)
      throw invalidCombination(
        "Cannot delete protected DB Instance, please disable deletion protection and try again.",
      )
    const skip = optionalBoolean(input, "SkipFinalSnapshot") ?? false
    const finalRef = optionalText(input, "FinalDBSnapshotIdentifier")
    const finalId =
      finalRef === undefined ? undefined : validIdentifier("FinalDBSnapshotIdentifier", finalRef, 255)
    if (record.clusterIdentifier !== undefined) {
      if (finalId !== undefined)
        throw invalidCombination(
          `DB instance ${record.identifier} belongs to DB cluster ${record.clusterIdentifier}; FinalDBSnapshotIdentifier does not apply (snapshot the cluster).`,
        )
    } else {
      if (skip && finalId !== undefined)
        throw invalidCombination(
          "FinalDBSnapshotIdentifier cannot be specified when SkipFinalSnapshot is true.",
        )
      if (!skip && finalId === undefined)
        throw invalidCombination(
          "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
        )
      if (finalId !== undefined) {
        // The final snapshot reads the instance's data: it must be in a steady state.
        if (view.status !== "available") throw invalidInstanceState(record.identifier, view.status)
        if (state.snapshots[finalId]) throw snapshotAlreadyExists(finalId)
        state.snapshots[finalId] = snapshotOfInstance(
          view,
          finalId,
          now,
          view.settings.copyTagsToSnapshot ? record.tags : [],
        )
      }
    }
    record.deletingSince = now
    const cluster =
      record.clusterIdentifier === undefined ? undefined : state.clusters[record.clusterIdentifier]
    if (cluster && cluster.writer === record.identifier) {
      // The cluster promotes another member to writer, as Aurora does when the writer goes away.
      const next = clusterMembers(state, cluster, now).find(
        (member) => member.identifier !== record.identifier && member.deletingSince === undefined,
      )
      if (next) cluster.writer = next.identifier
      else delete cluster.writer
    }
    touched(context)
    return answer(context, state, record)
  },
}

/** DB instance operations. */
export const instanceOperations: ReadonlyArray<Operation> = [
  createDBInstance,
  describeDBInstances,
  modifyDBInstance,
  deleteDBInstance,
]
