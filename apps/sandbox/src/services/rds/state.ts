import { createHash } from "node:crypto"
import type { SandboxStore } from "../../state/store.ts"

/*
 * The RDS state of one account and region, as plain JSON in the account file. Records keep timestamps, never
 * statuses: `creating`, `backing-up`, `modifying`, `deleting` are derived from the timestamps and the simulated
 * clock when read (see lifecycle.ts), so a restarted sandbox or a `--time-scale` run needs no timers.
 */

/** A resource tag as RDS writes it on the wire. */
export interface Tag {
  readonly Key: string
  readonly Value: string
}

/**
 * A settings change requested at `requestedAt`. It starts at `startsAt` (later than the request for a change
 * deferred to the maintenance window), the resource is `modifying` until `endsAt`, then the values apply.
 */
export interface SettingsChange<S> {
  readonly requestedAt: number
  readonly startsAt: number
  readonly endsAt: number
  readonly values: Partial<S>
}

/** The settings of a DB instance that ModifyDBInstance can change. */
export interface InstanceSettings {
  backupRetentionPeriod: number
  preferredBackupWindow: string
  preferredMaintenanceWindow: string
  multiAZ: boolean
  publiclyAccessible: boolean
  deletionProtection: boolean
  iamDatabaseAuthenticationEnabled: boolean
  enabledCloudwatchLogsExports: string[]
  monitoringInterval: number
  monitoringRoleArn?: string
  autoMinorVersionUpgrade: boolean
  copyTagsToSnapshot: boolean
}

/** A DB instance as the sandbox keeps it. */
export interface InstanceRecord {
  identifier: string
  /** `db-` and 26 characters: the id AWS Config records the instance under. */
  resourceId: string
  engine: string
  engineVersion: string
  instanceClass: string
  allocatedStorage: number
  storageType: string
  masterUsername?: string
  dbName?: string
  port: number
  availabilityZone: string
  storageEncrypted: boolean
  /** The key ARN, when encrypted. */
  kmsKeyId?: string
  clusterIdentifier?: string
  readReplicaSourceIdentifier?: string
  promotionTier?: number
  vpcSecurityGroupIds: string[]
  settings: InstanceSettings
  changes: SettingsChange<InstanceSettings>[]
  createdAt: number
  creatingUntil: number
  /** The first automated backup runs until then (equal to `creatingUntil` when there is none). */
  backingUpUntil: number
  deletingSince?: number
  tags: Tag[]
}

/** The settings of a DB cluster that ModifyDBCluster can change. */
export interface ClusterSettings {
  backupRetentionPeriod: number
  preferredBackupWindow: string
  preferredMaintenanceWindow: string
  deletionProtection: boolean
  iamDatabaseAuthenticationEnabled: boolean
  enabledCloudwatchLogsExports: string[]
  copyTagsToSnapshot: boolean
}

/** One FailoverDBCluster: who was writer, who became writer, and when. */
export interface FailoverRecord {
  readonly at: number
  readonly until: number
  readonly from?: string
  readonly to?: string
}

/** A DB cluster as the sandbox keeps it; its instances are InstanceRecords naming it. */
export interface ClusterRecord {
  identifier: string
  /** `cluster-` and 26 characters. */
  resourceId: string
  engine: string
  engineVersion: string
  port: number
  masterUsername?: string
  databaseName?: string
  storageEncrypted: boolean
  kmsKeyId?: string
  vpcSecurityGroupIds: string[]
  /** The member instance that is the writer; the first instance created in the cluster becomes it. */
  writer?: string
  failovers: FailoverRecord[]
  settings: ClusterSettings
  changes: SettingsChange<ClusterSettings>[]
  createdAt: number
  creatingUntil: number
  deletingSince?: number
  tags: Tag[]
}

/** A manual DB snapshot: what its instance was when taken, its encryption, and who may restore it. */
export interface SnapshotRecord {
  identifier: string
  instanceIdentifier: string
  dbiResourceId: string
  engine: string
  engineVersion: string
  /** Kept to restore an instance of the same class when RestoreDBInstanceFromDBSnapshot names none. */
  instanceClass: string
  allocatedStorage: number
  storageType: string
  port: number
  availabilityZone: string
  instanceCreateTime: number
  masterUsername?: string
  dbName?: string
  encrypted: boolean
  kmsKeyId?: string
  iamDatabaseAuthenticationEnabled: boolean
  snapshotType: "manual"
  /** For copies: the ARN of the snapshot copied, and its region. */
  sourceSnapshotArn?: string
  sourceRegion?: string
  /** When the source's data was captured (the original snapshot's time, for copies). */
  originalCreatedAt: number
  createdAt: number
  creatingUntil: number
  /** Account ids (or `all`) in the `restore` attribute. */
  restore: string[]
  tags: Tag[]
}

/** A manual DB cluster snapshot. */
export interface ClusterSnapshotRecord {
  identifier: string
  clusterIdentifier: string
  clusterResourceId: string
  engine: string
  engineVersion: string
  port: number
  masterUsername?: string
  databaseName?: string
  clusterCreateTime: number
  storageEncrypted: boolean
  kmsKeyId?: string
  iamDatabaseAuthenticationEnabled: boolean
  snapshotType: "manual"
  sourceSnapshotArn?: string
  originalCreatedAt: number
  createdAt: number
  creatingUntil: number
  restore: string[]
  tags: Tag[]
}

/** Everything RDS keeps for one account and region, keyed by the (lower-case) identifiers. */
export interface RdsState {
  instances: Record<string, InstanceRecord>
  clusters: Record<string, ClusterRecord>
  snapshots: Record<string, SnapshotRecord>
  clusterSnapshots: Record<string, ClusterSnapshotRecord>
}

const emptyState = (): RdsState => ({ instances: {}, clusters: {}, snapshots: {}, clusterSnapshots: {} })

/**
 * Drops the prototype of the identifier maps (also of maps read back from disk), so that a caller's identifier
 * such as `constructor` or `toString` never finds an inherited member: lookups see own entries only.
 */
const withoutPrototypes = (state: RdsState): RdsState => {
  for (const map of [state.instances, state.clusters, state.snapshots, state.clusterSnapshots])
    if (Object.getPrototypeOf(map) !== null) Object.setPrototypeOf(map, null)
  return state
}

/** The RDS state of an account and region, created empty the first time. */
export const rdsSlice = (store: SandboxStore, account: string, region: string): RdsState =>
  withoutPrototypes(store.regionSlice(account, region, "rds", emptyState))

/** The RDS state of an account and region if it has one; never creates accounts (for Config and lookups). */
export const peekRdsSlice = (store: SandboxStore, account: string, region: string): RdsState | undefined => {
  const state = store.accounts.get(account)?.regions[region]?.rds as RdsState | undefined
  return state === undefined ? undefined : withoutPrototypes(state)
}

/** Where a resource lives: what its ARN and endpoint are built from. */
export interface Place {
  readonly partition: string
  readonly region: string
  readonly account: string
}

/** The kinds of RDS resources and their ARN resource types. */
export type ResourceKind = "db" | "cluster" | "snapshot" | "cluster-snapshot"

/** `arn:aws:rds:us-east-1:111122223333:db:orders`. */
export const rdsArn = (place: Place, kind: ResourceKind, identifier: string): string =>
  `arn:${place.partition}:rds:${place.region}:${place.account}:${kind}:${identifier}`

/** A parsed RDS ARN. */
export interface ParsedArn extends Place {
  readonly kind: ResourceKind
  readonly identifier: string
}

const arnPattern = /^arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\d{12}):(db|cluster|snapshot|cluster-snapshot):(.+)$/

/** Reads an RDS ARN of one of the four kinds the sandbox keeps; undefined for anything else. */
export const parseRdsArn = (text: string): ParsedArn | undefined => {
  const match = arnPattern.exec(text)
  if (!match) return undefined
  return {
    partition: match[1] as string,
    region: match[2] as string,
    account: match[3] as string,
    kind: match[4] as ResourceKind,
    identifier: (match[5] as string).toLowerCase(),
  }
}

const resourceIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/** A new DbiResourceId (`db-…`) or DbClusterResourceId (`cluster-…`), 26 upper-case characters as AWS makes them. */
export const newResourceId = (store: SandboxStore, prefix: "db-" | "cluster-"): string =>
  store.nextId(prefix, 26, resourceIdAlphabet)

/**
 * The per-account+region part of RDS endpoint host names (`orders.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com`):
 * derived from the account and region so that it is stable across restarts, as AWS keeps it.
 */
export const endpointSuffix = (place: Place): string =>
  createHash("sha256")
    .update(`${place.account}:${place.region}`)
    .digest("hex")
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 12)

/** The availability zones the sandbox pretends each region has. */
export const availabilityZones = (region: string): string[] => [`${region}a`, `${region}b`, `${region}c`]
