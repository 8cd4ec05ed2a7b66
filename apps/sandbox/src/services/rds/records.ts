import { createHash } from "node:crypto"
import type { SandboxStore } from "../../state/store.ts"
import { defaultEngineVersion, defaultPort, isAurora } from "./engines.ts"
import { rdsTimings, settingsAt } from "./lifecycle.ts"
import type { InstanceView } from "./shapes.ts"
import {
  availabilityZones,
  type ClusterRecord,
  type ClusterSettings,
  type ClusterSnapshotRecord,
  type InstanceRecord,
  type InstanceSettings,
  newResourceId,
  type Place,
  type SnapshotRecord,
  type Tag,
} from "./state.ts"

/*
 * How new RDS records are made, with the defaults AWS applies, for the operations (create, restore, copy,
 * delete-with-final-snapshot) and the scenario loader alike. `createdAt` in the past gives a resource that is
 * already available.
 */

/** Seconds between Enhanced Monitoring samples RDS accepts (0 turns it off). */
export const monitoringIntervals: ReadonlyArray<number> = [0, 1, 5, 10, 15, 30, 60]

/** The backup window RDS would assign; the sandbox uses one fixed window so runs are repeatable. */
export const defaultBackupWindow = "03:00-03:30"
/** The maintenance window RDS would assign, fixed for repeatability. */
export const defaultMaintenanceWindow = "sun:05:00-sun:05:30"

/** The default VPC's default security group of an account and region, stable across restarts. */
export const defaultSecurityGroup = (place: Place): string =>
  `sg-${createHash("sha256").update(`${place.account}:${place.region}:default-sg`).digest("hex").slice(0, 17)}`

/** Settings a caller may leave unset (undefined), to take the defaults. */
export type SettingsOverrides<S> = { readonly [K in keyof S]?: S[K] | undefined }

/** What a new DB instance is made of; unset fields get AWS's defaults. */
export interface InstanceSpec {
  readonly identifier: string
  readonly engine: string
  readonly instanceClass: string
  readonly engineVersion?: string | undefined
  readonly allocatedStorage?: number | undefined
  readonly storageType?: string | undefined
  readonly masterUsername?: string | undefined
  readonly dbName?: string | undefined
  readonly port?: number | undefined
  readonly availabilityZone?: string | undefined
  readonly storageEncrypted: boolean
  readonly kmsKeyId?: string | undefined
  readonly clusterIdentifier?: string | undefined
  readonly readReplicaSourceIdentifier?: string | undefined
  readonly promotionTier?: number | undefined
  readonly vpcSecurityGroupIds?: ReadonlyArray<string> | undefined
  readonly settings: SettingsOverrides<InstanceSettings>
  readonly tags: ReadonlyArray<Tag>
}

/** The object without its undefined fields (so defaults are not overwritten, and JSON stays clean). */
const defined = <T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }

/** CreateDBInstance's defaults (API defaults, not the console's): backups 1 day, everything else off. */
export const defaultInstanceSettings = (): InstanceSettings => ({
  backupRetentionPeriod: 1,
  preferredBackupWindow: defaultBackupWindow,
  preferredMaintenanceWindow: defaultMaintenanceWindow,
  multiAZ: false,
  publiclyAccessible: false,
  deletionProtection: false,
  iamDatabaseAuthenticationEnabled: false,
  enabledCloudwatchLogsExports: [],
  monitoringInterval: 0,
  autoMinorVersionUpgrade: true,
  copyTagsToSnapshot: false,
})

/**
 * A new DB instance created at `createdAt`: `creating`, then `backing-up` for its first automated backup (not for
 * Aurora members, whose backups belong to the cluster, nor without backups), then `available`.
 */
export const newInstanceRecord = (
  store: SandboxStore,
  place: Place,
  spec: InstanceSpec,
  createdAt: number,
): InstanceRecord => {
  const settings: InstanceSettings = { ...defaultInstanceSettings(), ...defined(spec.settings) }
  const creatingUntil = createdAt + rdsTimings.instanceCreating
  const firstBackup = !isAurora(spec.engine) && settings.backupRetentionPeriod > 0
  return defined({
    identifier: spec.identifier,
    resourceId: newResourceId(store, "db-"),
    engine: spec.engine,
    engineVersion: spec.engineVersion ?? defaultEngineVersion(spec.engine),
    instanceClass: spec.instanceClass,
    allocatedStorage: spec.allocatedStorage ?? (isAurora(spec.engine) ? 1 : 20),
    storageType: spec.storageType ?? (isAurora(spec.engine) ? "aurora" : "gp2"),
    masterUsername: spec.masterUsername,
    dbName: spec.dbName,
    port: spec.port ?? defaultPort(spec.engine),
    availabilityZone: spec.availabilityZone ?? (availabilityZones(place.region)[0] as string),
    storageEncrypted: spec.storageEncrypted,
    kmsKeyId: spec.storageEncrypted ? spec.kmsKeyId : undefined,
    clusterIdentifier: spec.clusterIdentifier,
    readReplicaSourceIdentifier: spec.readReplicaSourceIdentifier,
    promotionTier: spec.promotionTier ?? (spec.clusterIdentifier === undefined ? undefined : 1),
    vpcSecurityGroupIds: [...(spec.vpcSecurityGroupIds ?? [defaultSecurityGroup(place)])],
    settings,
    changes: [],
    createdAt,
    creatingUntil,
    backingUpUntil: firstBackup ? creatingUntil + rdsTimings.instanceBackingUp : creatingUntil,
    tags: [...spec.tags],
  }) as InstanceRecord
}

/** What a new DB cluster is made of. */
export interface ClusterSpec {
  readonly identifier: string
  readonly engine: string
  readonly engineVersion?: string | undefined
  readonly port?: number | undefined
  readonly masterUsername?: string | undefined
  readonly databaseName?: string | undefined
  readonly storageEncrypted: boolean
  readonly kmsKeyId?: string | undefined
  readonly vpcSecurityGroupIds?: ReadonlyArray<string> | undefined
  readonly settings: SettingsOverrides<ClusterSettings>
  readonly tags: ReadonlyArray<Tag>
}

/** CreateDBCluster's defaults. */
export const defaultClusterSettings = (): ClusterSettings => ({
  backupRetentionPeriod: 1,
  preferredBackupWindow: defaultBackupWindow,
  preferredMaintenanceWindow: defaultMaintenanceWindow,
  deletionProtection: false,
  iamDatabaseAuthenticationEnabled: false,
  enabledCloudwatchLogsExports: [],
  copyTagsToSnapshot: false,
})

/** A new DB cluster created at `createdAt`: `creating`, then `available`. It has no instances yet. */
export const newClusterRecord = (
  store: SandboxStore,
  place: Place,
  spec: ClusterSpec,
  createdAt: number,
): ClusterRecord =>
  defined({
    identifier: spec.identifier,
    resourceId: newResourceId(store, "cluster-"),
    engine: spec.engine,
    engineVersion: spec.engineVersion ?? defaultEngineVersion(spec.engine),
    port: spec.port ?? defaultPort(spec.engine),
    masterUsername: spec.masterUsername,
    databaseName: spec.databaseName,
    storageEncrypted: spec.storageEncrypted,
    kmsKeyId: spec.storageEncrypted ? spec.kmsKeyId : undefined,
    vpcSecurityGroupIds: [...(spec.vpcSecurityGroupIds ?? [defaultSecurityGroup(place)])],
    failovers: [],
    settings: { ...defaultClusterSettings(), ...defined(spec.settings) },
    changes: [],
    createdAt,
    creatingUntil: createdAt + rdsTimings.clusterCreating,
    tags: [...spec.tags],
  }) as ClusterRecord

/** A manual snapshot of an instance as it is now (encryption and settings as the instance reports them). */
export const snapshotOfInstance = (
  view: InstanceView,
  identifier: string,
  now: number,
  tags: ReadonlyArray<Tag>,
): SnapshotRecord => {
  const instance = view.record
  return defined({
    identifier,
    instanceIdentifier: instance.identifier,
    dbiResourceId: instance.resourceId,
    engine: instance.engine,
    engineVersion: view.engineVersion,
    instanceClass: instance.instanceClass,
    allocatedStorage: instance.allocatedStorage,
    storageType: instance.storageType,
    port: instance.port,
    availabilityZone: instance.availabilityZone,
    instanceCreateTime: instance.createdAt,
    masterUsername: instance.masterUsername,
    dbName: instance.dbName,
    encrypted: view.storageEncrypted,
    kmsKeyId: view.storageEncrypted ? view.kmsKeyId : undefined,
    iamDatabaseAuthenticationEnabled: view.settings.iamDatabaseAuthenticationEnabled,
    snapshotType: "manual" as const,
    originalCreatedAt: now,
    createdAt: now,
    creatingUntil: now + rdsTimings.snapshotCreating,
    restore: [],
    tags: [...tags],
  }) as SnapshotRecord
}

/** A manual snapshot of a cluster as it is now. */
export const snapshotOfCluster = (
  cluster: ClusterRecord,
  identifier: string,
  now: number,
  tags: ReadonlyArray<Tag>,
): ClusterSnapshotRecord => {
  const settings = settingsAt(cluster.settings, cluster.changes, now)
  return defined({
    identifier,
    clusterIdentifier: cluster.identifier,
    clusterResourceId: cluster.resourceId,
    engine: cluster.engine,
    engineVersion: cluster.engineVersion,
    port: cluster.port,
    masterUsername: cluster.masterUsername,
    databaseName: cluster.databaseName,
    clusterCreateTime: cluster.createdAt,
    storageEncrypted: cluster.storageEncrypted,
    kmsKeyId: cluster.storageEncrypted ? cluster.kmsKeyId : undefined,
    iamDatabaseAuthenticationEnabled: settings.iamDatabaseAuthenticationEnabled,
    snapshotType: "manual" as const,
    originalCreatedAt: now,
    createdAt: now,
    creatingUntil: now + rdsTimings.snapshotCreating,
    restore: [],
    tags: [...tags],
  }) as ClusterSnapshotRecord
}
