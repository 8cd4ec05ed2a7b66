/*
 * The scenario loader of RDS: `resources.rds` of a scenario, loaded into a new sandbox. Every resource starts
 * `available` (created a week before the scenario's start). Format (YAML shown; every list optional):
 *
 *   resources:
 *     rds:
 *       clusters:                        # Aurora (aurora-mysql, aurora-postgresql) or Multi-AZ DB clusters
 *         - account: "222222222222"      # required: an account of the organization
 *           region: us-east-1            # default: the scenario's first region; must be one of its regions
 *           id: orders-aurora            # required: the DBClusterIdentifier
 *           engine: aurora-postgresql    # required
 *           engineVersion: "16.4"        # default: the engine's current default
 *           encrypted: true              # default false
 *           kmsKeyId: alias/orders       # key id, key ARN, alias or alias ARN; needs encrypted: true
 *           backupRetention: 7           # days, 1..35, default 1
 *           backupWindow: "03:00-03:30"
 *           maintenanceWindow: "sun:05:00-sun:05:30"
 *           deletionProtection: false
 *           iamAuth: false
 *           logExports: [postgresql]
 *           tags: { team: orders }
 *       instances:
 *         - account: "222222222222"
 *           region: us-east-1
 *           id: billing-db               # required: the DBInstanceIdentifier
 *           engine: postgres             # required; an aurora-* engine needs `cluster`
 *           class: db.t3.micro           # default db.t3.micro
 *           engineVersion: "16.4"
 *           storage: 20                  # GiB, default 20
 *           encrypted: false             # default false; Aurora members and replicas inherit instead
 *           kmsKeyId: arn:aws:kms:...    # needs encrypted: true
 *           backupRetention: 7           # days, 0..35, default 1 (not for Aurora members: set it on the cluster)
 *           backupWindow: "03:00-03:30"
 *           maintenanceWindow: "sun:05:00-sun:05:30"
 *           multiAz: false
 *           public: false
 *           deletionProtection: false
 *           iamAuth: false
 *           logExports: [postgresql, upgrade]
 *           monitoringInterval: 0        # 0, 1, 5, 10, 15, 30 or 60
 *           autoMinorVersionUpgrade: true
 *           cluster: orders-aurora       # makes it a member of a cluster listed above (same account and region)
 *           replicaOf: billing-db        # makes it a read replica of another instance listed here
 *           tags: { team: billing }
 *       snapshots:                       # manual DB snapshots of instances listed above
 *         - { account: "222222222222", id: billing-before-upgrade, instance: billing-db, public: false,
 *             sharedWith: ["333333333333"] }
 *       clusterSnapshots:                # manual DB cluster snapshots of clusters listed above
 *         - { account: "222222222222", id: orders-nightly, cluster: orders-aurora, public: true }
 *
 * Anything else (unknown fields, wrong types, duplicates, references to resources not listed) is refused with a
 * ScenarioError naming the path, e.g. `resources.rds.instances[2].engine`.
 */
import type { SeedContext } from "../../operation.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { ServiceError } from "../../service-error.ts"
import { encryptionKey, isAwsManagedKey } from "./encryption.ts"
import { clusterEngines, instanceEngines, isAurora, unsupportedLogTypes } from "./engines.ts"
import { validIdentifier } from "./input.ts"
import { backupWindowPattern, maintenanceWindowPattern } from "./lifecycle.ts"
import {
  monitoringIntervals,
  newClusterRecord,
  newInstanceRecord,
  snapshotOfCluster,
  snapshotOfInstance,
} from "./records.ts"
import { instanceView } from "./shapes.ts"
import { availabilityZones, type Place, rdsSlice, type Tag } from "./state.ts"

const root = "resources.rds"

type Fields = Readonly<Record<string, unknown>>

/** Reads one entry of a section, refusing unknown fields and wrong types with the entry's path. */
class Entry {
  readonly path: string
  readonly #fields: Fields

  constructor(path: string, value: unknown, allowed: ReadonlyArray<string>) {
    this.path = path
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new ScenarioError(path, "must be a mapping of fields")
    this.#fields = value as Fields
    const unknown = Object.keys(this.#fields).filter((key) => !allowed.includes(key))
    if (unknown.length > 0)
      throw new ScenarioError(`${path}.${unknown[0]}`, `unknown field; the fields are ${allowed.join(", ")}`)
  }

  has(name: string): boolean {
    return this.#fields[name] !== undefined
  }

  text(name: string): string | undefined {
    const value = this.#fields[name]
    if (value === undefined) return undefined
    if (typeof value !== "string" || value === "")
      throw new ScenarioError(`${this.path}.${name}`, "must be text")
    return value
  }

  requiredText(name: string): string {
    const value = this.text(name)
    if (value === undefined) throw new ScenarioError(`${this.path}.${name}`, "is required")
    return value
  }

  flag(name: string): boolean | undefined {
    const value = this.#fields[name]
    if (value === undefined) return undefined
    if (typeof value !== "boolean") throw new ScenarioError(`${this.path}.${name}`, "must be true or false")
    return value
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.#fields[name]
    if (value === undefined) return undefined
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      throw new ScenarioError(`${this.path}.${name}`, `must be a whole number from ${min} to ${max}`)
    return value
  }

  texts(name: string): string[] | undefined {
    const value = this.#fields[name]
    if (value === undefined) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item === ""))
      throw new ScenarioError(`${this.path}.${name}`, "must be a list of text")
    return value as string[]
  }

  tags(): Tag[] {
    const value = this.#fields.tags
    if (value === undefined) return []
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new ScenarioError(`${this.path}.tags`, "must be a mapping of tag keys to values")
    return Object.entries(value).map(([key, tagValue]) => {
      if (typeof tagValue !== "string" || key.toLowerCase().startsWith("aws:"))
        throw new ScenarioError(
          `${this.path}.tags.${key}`,
          "must be text, under a key not starting with aws:",
        )
      return { Key: key, Value: tagValue }
    })
  }

  /** The validated identifier in `field`, lower-cased as RDS stores it. */
  identifier(field: string, maxLength = 63): string {
    const value = this.requiredText(field)
    try {
      return validIdentifier(field, value, maxLength)
    } catch (error) {
      throw new ScenarioError(`${this.path}.${field}`, error instanceof Error ? error.message : String(error))
    }
  }

  /** The entry's account and region, checked against the organization and the scenario's regions. */
  place(context: SeedContext): Place {
    const account = this.requiredText("account")
    const org = context.store.organization
    if (!/^\d{12}$/.test(account) || !org || (!org.accounts[account] && org.managementAccountId !== account))
      throw new ScenarioError(
        `${this.path}.account`,
        `${account} is not an account of the scenario's organization`,
      )
    const region = this.text("region") ?? context.regions[0]
    if (region === undefined || !context.regions.includes(region))
      throw new ScenarioError(
        `${this.path}.region`,
        `must be one of the scenario's regions (${context.regions.join(", ")})`,
      )
    return { partition: context.partition, region, account }
  }

  /** encrypted / kmsKeyId as a key ARN (undefined when unencrypted). */
  encryption(context: SeedContext, place: Place): { encrypted: boolean; keyArn: string | undefined } {
    const encrypted = this.flag("encrypted") ?? false
    const kmsKeyId = this.text("kmsKeyId")
    if (kmsKeyId !== undefined && !encrypted)
      throw new ScenarioError(`${this.path}.kmsKeyId`, "needs encrypted: true")
    if (!encrypted) return { encrypted, keyArn: undefined }
    try {
      return { encrypted, keyArn: encryptionKey(context.store, place, kmsKeyId, context.now) }
    } catch (error) {
      throw new ScenarioError(
        `${this.path}.kmsKeyId`,
        error instanceof ServiceError ? error.message : String(error),
      )
    }
  }

  windows(): { backupWindow: string | undefined; maintenanceWindow: string | undefined } {
    const backupWindow = this.text("backupWindow")
    if (backupWindow !== undefined && !backupWindowPattern.test(backupWindow))
      throw new ScenarioError(`${this.path}.backupWindow`, "must be hh24:mi-hh24:mi (UTC)")
    const maintenanceWindow = this.text("maintenanceWindow")?.toLowerCase()
    if (maintenanceWindow !== undefined && !maintenanceWindowPattern.test(maintenanceWindow))
      throw new ScenarioError(`${this.path}.maintenanceWindow`, "must be ddd:hh24:mi-ddd:hh24:mi (UTC)")
    return { backupWindow, maintenanceWindow }
  }

  logExports(engine: string): string[] | undefined {
    const logs = this.texts("logExports")
    const unsupported = logs === undefined ? [] : unsupportedLogTypes(engine, logs)
    if (unsupported.length > 0)
      throw new ScenarioError(`${this.path}.logExports`, `${engine} cannot export ${unsupported.join(", ")}`)
    return logs
  }
}

/** The entries of one list of the section. */
const entries = (section: Fields, name: string): Array<{ path: string; value: unknown }> => {
  const value = section[name]
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ScenarioError(`${root}.${name}`, "must be a list")
  return value.map((item, index) => ({ path: `${root}.${name}[${index}]`, value: item }))
}

const clusterFields = [
  "account",
  "region",
  "id",
  "engine",
  "engineVersion",
  "encrypted",
  "kmsKeyId",
  "backupRetention",
  "backupWindow",
  "maintenanceWindow",
  "deletionProtection",
  "iamAuth",
  "logExports",
  "tags",
]

const instanceFields = [
  "account",
  "region",
  "id",
  "engine",
  "class",
  "engineVersion",
  "storage",
  "encrypted",
  "kmsKeyId",
  "backupRetention",
  "backupWindow",
  "maintenanceWindow",
  "multiAz",
  "public",
  "deletionProtection",
  "iamAuth",
  "logExports",
  "monitoringInterval",
  "autoMinorVersionUpgrade",
  "cluster",
  "replicaOf",
  "tags",
]

/** Fields Aurora keeps on the cluster: refused on member instances, so a scenario cannot say one thing twice. */
const clusterOwned = [
  "encrypted",
  "kmsKeyId",
  "backupRetention",
  "backupWindow",
  "iamAuth",
  "logExports",
  "multiAz",
]

const snapshotFields = ["account", "region", "id", "instance", "cluster", "public", "sharedWith", "tags"]

/** One week before the scenario starts: seeded resources are long available. */
const seededAge = 7 * 24 * 3_600_000

/** Loads `resources.rds` (format above) into the store. */
export const seedRds = (section: unknown, context: SeedContext): void => {
  if (section === null || typeof section !== "object" || Array.isArray(section))
    throw new ScenarioError(
      root,
      "must be a mapping with clusters, instances, snapshots and clusterSnapshots",
    )
  const fields = section as Fields
  const unknown = Object.keys(fields).find(
    (key) => !["clusters", "instances", "snapshots", "clusterSnapshots"].includes(key),
  )
  if (unknown !== undefined)
    throw new ScenarioError(
      `${root}.${unknown}`,
      "unknown list; the lists are clusters, instances, snapshots, clusterSnapshots",
    )
  const createdAt = context.now - seededAge
  const touched = new Set<string>()
  const stateOf = (place: Place) => {
    touched.add(place.account)
    return rdsSlice(context.store, place.account, place.region)
  }

  for (const { path, value } of entries(fields, "clusters")) {
    const entry = new Entry(path, value, clusterFields)
    const place = entry.place(context)
    const identifier = entry.identifier("id")
    const engine = entry.requiredText("engine").toLowerCase()
    if (!clusterEngines.includes(engine))
      throw new ScenarioError(`${path}.engine`, `must be one of ${clusterEngines.join(", ")}`)
    const state = stateOf(place)
    if (state.clusters[identifier])
      throw new ScenarioError(`${path}.id`, `cluster ${identifier} is listed twice`)
    const { encrypted, keyArn } = entry.encryption(context, place)
    const windows = entry.windows()
    state.clusters[identifier] = newClusterRecord(
      context.store,
      place,
      {
        identifier,
        engine,
        engineVersion: entry.text("engineVersion"),
        storageEncrypted: encrypted,
        kmsKeyId: keyArn,
        settings: {
          backupRetentionPeriod: entry.integer("backupRetention", 1, 35),
          preferredBackupWindow: windows.backupWindow,
          preferredMaintenanceWindow: windows.maintenanceWindow,
          deletionProtection: entry.flag("deletionProtection"),
          iamDatabaseAuthenticationEnabled: entry.flag("iamAuth"),
          enabledCloudwatchLogsExports: entry.logExports(engine),
        },
        tags: entry.tags(),
      },
      createdAt,
    )
  }

  // Sources before their read replicas, whatever order the scenario lists them in.
  const instanceEntries = entries(fields, "instances").map(
    ({ path, value }) => new Entry(path, value, instanceFields),
  )
  const ordered = [
    ...instanceEntries.filter((e) => !e.has("replicaOf")),
    ...instanceEntries.filter((e) => e.has("replicaOf")),
  ]
  for (const entry of ordered) {
    const path = entry.path
    const place = entry.place(context)
    const identifier = entry.identifier("id")
    const engine = entry.requiredText("engine").toLowerCase()
    if (!instanceEngines.includes(engine))
      throw new ScenarioError(`${path}.engine`, `must be one of ${instanceEngines.join(", ")}`)
    const state = stateOf(place)
    if (state.instances[identifier])
      throw new ScenarioError(`${path}.id`, `instance ${identifier} is listed twice`)
    const clusterRef = entry.text("cluster")?.toLowerCase()
    const sourceRef = entry.text("replicaOf")?.toLowerCase()
    let storageEncrypted: boolean
    let keyArn: string | undefined
    let availabilityZone: string | undefined
    if (isAurora(engine)) {
      if (clusterRef === undefined)
        throw new ScenarioError(`${path}.cluster`, `is required for engine ${engine}`)
      const cluster = state.clusters[clusterRef]
      if (!cluster)
        throw new ScenarioError(
          `${path}.cluster`,
          `cluster ${clusterRef} is not listed in ${root}.clusters for this account and region`,
        )
      if (cluster.engine !== engine)
        throw new ScenarioError(
          `${path}.engine`,
          `does not match the engine ${cluster.engine} of cluster ${clusterRef}`,
        )
      const owned = clusterOwned.find((name) => entry.has(name))
      if (owned !== undefined)
        throw new ScenarioError(
          `${path}.${owned}`,
          `is a setting of the Aurora cluster; set it on cluster ${clusterRef}`,
        )
      storageEncrypted = cluster.storageEncrypted
      keyArn = cluster.kmsKeyId
      const zones = availabilityZones(place.region)
      const members = Object.values(state.instances).filter((i) => i.clusterIdentifier === clusterRef).length
      availabilityZone = zones[members % zones.length]
      cluster.writer ??= identifier
    } else {
      if (clusterRef !== undefined)
        throw new ScenarioError(`${path}.cluster`, `applies to Aurora engines only, not ${engine}`)
      if (sourceRef !== undefined) {
        const source = state.instances[sourceRef]
        if (!source || source.clusterIdentifier !== undefined)
          throw new ScenarioError(
            `${path}.replicaOf`,
            `instance ${sourceRef} is not a stand-alone instance listed here`,
          )
        if (source.engine !== engine)
          throw new ScenarioError(
            `${path}.engine`,
            `does not match the engine ${source.engine} of ${sourceRef}`,
          )
        if (entry.has("encrypted") || entry.has("kmsKeyId"))
          throw new ScenarioError(
            `${path}.encrypted`,
            `a read replica inherits the encryption of ${sourceRef}`,
          )
        storageEncrypted = source.storageEncrypted
        keyArn = source.kmsKeyId
      } else {
        const encryption = entry.encryption(context, place)
        storageEncrypted = encryption.encrypted
        keyArn = encryption.keyArn
      }
    }
    const interval = entry.integer("monitoringInterval", 0, 60)
    if (interval !== undefined && !monitoringIntervals.includes(interval))
      throw new ScenarioError(
        `${path}.monitoringInterval`,
        `must be one of ${monitoringIntervals.join(", ")}`,
      )
    const windows = entry.windows()
    const instanceClass = entry.text("class") ?? "db.t3.micro"
    if (!/^db\.[a-z0-9-]+(\.[a-z0-9-]+)?$/.test(instanceClass))
      throw new ScenarioError(`${path}.class`, "must be a DB instance class such as db.t3.micro")
    state.instances[identifier] = newInstanceRecord(
      context.store,
      place,
      {
        identifier,
        engine,
        instanceClass,
        engineVersion: isAurora(engine)
          ? state.clusters[clusterRef as string]?.engineVersion
          : entry.text("engineVersion"),
        allocatedStorage: entry.integer("storage", 20, 65_536),
        availabilityZone,
        storageEncrypted,
        kmsKeyId: keyArn,
        clusterIdentifier: isAurora(engine) ? clusterRef : undefined,
        readReplicaSourceIdentifier: sourceRef,
        settings: {
          backupRetentionPeriod:
            entry.integer("backupRetention", 0, 35) ?? (sourceRef !== undefined ? 0 : undefined),
          preferredBackupWindow: windows.backupWindow,
          preferredMaintenanceWindow: windows.maintenanceWindow,
          multiAZ: entry.flag("multiAz"),
          publiclyAccessible: entry.flag("public"),
          deletionProtection: entry.flag("deletionProtection"),
          iamDatabaseAuthenticationEnabled: entry.flag("iamAuth"),
          enabledCloudwatchLogsExports: entry.logExports(engine),
          monitoringInterval: interval,
          monitoringRoleArn:
            interval !== undefined && interval > 0
              ? `arn:${place.partition}:iam::${place.account}:role/rds-monitoring-role`
              : undefined,
          autoMinorVersionUpgrade: entry.flag("autoMinorVersionUpgrade"),
        },
        tags: entry.tags(),
      },
      createdAt,
    )
  }

  /** The `restore` attribute: sharedWith accounts, and `all` when public, with RDS's rules for encrypted ones. */
  const sharing = (entry: Entry, place: Place, encrypted: boolean, keyArn: string | undefined): string[] => {
    const shared = entry.texts("sharedWith") ?? []
    const bad = shared.find((account) => !/^\d{12}$/.test(account))
    if (bad !== undefined)
      throw new ScenarioError(`${entry.path}.sharedWith`, `${bad} is not a 12-digit account id`)
    const isPublic = entry.flag("public") === true
    if (encrypted && isPublic)
      throw new ScenarioError(`${entry.path}.public`, "an encrypted snapshot cannot be public")
    if (shared.length > 0 && isAwsManagedKey(context.store, place, keyArn, context.now))
      throw new ScenarioError(
        `${entry.path}.sharedWith`,
        "a snapshot encrypted with the AWS managed key cannot be shared",
      )
    return [...shared, ...(isPublic ? ["all"] : [])]
  }

  for (const { path, value } of entries(fields, "snapshots")) {
    const entry = new Entry(
      path,
      value,
      snapshotFields.filter((f) => f !== "cluster"),
    )
    const place = entry.place(context)
    const identifier = entry.identifier("id", 255)
    const state = stateOf(place)
    if (state.snapshots[identifier])
      throw new ScenarioError(`${path}.id`, `snapshot ${identifier} is listed twice`)
    const instanceRef = entry.requiredText("instance").toLowerCase()
    const instance = state.instances[instanceRef]
    if (!instance || instance.clusterIdentifier !== undefined)
      throw new ScenarioError(
        `${path}.instance`,
        `instance ${instanceRef} is not a stand-alone instance listed in ${root}.instances`,
      )
    const restore = sharing(entry, place, instance.storageEncrypted, instance.kmsKeyId)
    const snapshot = snapshotOfInstance(
      instanceView(state, instance, context.now),
      identifier,
      createdAt,
      entry.tags(),
    )
    snapshot.restore = restore
    state.snapshots[identifier] = snapshot
  }

  for (const { path, value } of entries(fields, "clusterSnapshots")) {
    const entry = new Entry(
      path,
      value,
      snapshotFields.filter((f) => f !== "instance"),
    )
    const place = entry.place(context)
    const identifier = entry.identifier("id", 255)
    const state = stateOf(place)
    if (state.clusterSnapshots[identifier])
      throw new ScenarioError(`${path}.id`, `cluster snapshot ${identifier} is listed twice`)
    const clusterRef = entry.requiredText("cluster").toLowerCase()
    const cluster = state.clusters[clusterRef]
    if (!cluster)
      throw new ScenarioError(`${path}.cluster`, `cluster ${clusterRef} is not listed in ${root}.clusters`)
    const restore = sharing(entry, place, cluster.storageEncrypted, cluster.kmsKeyId)
    const snapshot = snapshotOfCluster(cluster, identifier, createdAt, entry.tags())
    snapshot.restore = restore
    state.clusterSnapshots[identifier] = snapshot
  }

  for (const account of touched) context.store.touch(account)
}
