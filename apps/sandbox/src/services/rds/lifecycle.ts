import type {
  ClusterRecord,
  ClusterSnapshotRecord,
  InstanceRecord,
  RdsState,
  SettingsChange,
  SnapshotRecord,
} from "./state.ts"

/*
 * RDS resources change status on the simulated clock: every status is computed from the record's timestamps and
 * `now` when read, never by timers, so `--time-scale` and clock advances move them along and a restarted sandbox
 * picks up where it was.
 */

const minute = 60_000

/** How long (simulated) each RDS step takes. */
export const rdsTimings = {
  /** A new instance is `creating`, then `backing-up` (its first automated backup, when backups are on). */
  instanceCreating: 4 * minute,
  instanceBackingUp: 1 * minute,
  clusterCreating: 3 * minute,
  /** A modification is `modifying` this long, then its values apply. */
  modifying: 2 * minute,
  snapshotCreating: 2 * minute,
  /** A deleted instance or cluster is `deleting` this long, then it is gone. */
  deleting: 2 * minute,
  failingOver: 1 * minute,
} as const

/** DBInstanceStatus values the sandbox produces. */
export type InstanceStatus = "creating" | "backing-up" | "modifying" | "deleting" | "available"
/** DBCluster Status values the sandbox produces. */
export type ClusterStatus = "creating" | "modifying" | "failing-over" | "deleting" | "available"
/** Snapshot Status values the sandbox produces (DeleteDB*Snapshot answers `deleted`). */
export type SnapshotStatus = "creating" | "available"

/** True once a deleted instance or cluster has finished deleting: it no longer exists. */
export const isGone = (record: { readonly deletingSince?: number }, now: number): boolean =>
  record.deletingSince !== undefined && now >= record.deletingSince + rdsTimings.deleting

/** A change is being applied now. */
const inProgress = <S>(changes: ReadonlyArray<SettingsChange<S>>, now: number): boolean =>
  changes.some((change) => change.startsAt <= now && now < change.endsAt)

/** An instance's status at `now`: deleting, creating, backing-up (first backup), modifying, or available. */
export const instanceStatus = (record: InstanceRecord, now: number): InstanceStatus => {
  if (record.deletingSince !== undefined) return "deleting"
  if (now < record.creatingUntil) return "creating"
  if (now < record.backingUpUntil) return "backing-up"
  if (inProgress(record.changes, now)) return "modifying"
  return "available"
}

/** A cluster's status at `now`: deleting, creating, failing-over, modifying, or available. */
export const clusterStatus = (record: ClusterRecord, now: number): ClusterStatus => {
  if (record.deletingSince !== undefined) return "deleting"
  if (now < record.creatingUntil) return "creating"
  if (record.failovers.some((failover) => failover.at <= now && now < failover.until)) return "failing-over"
  if (inProgress(record.changes, now)) return "modifying"
  return "available"
}

/** A snapshot is `creating` until its copy of the data is done, then `available`. */
export const snapshotStatus = (
  record: SnapshotRecord | ClusterSnapshotRecord,
  now: number,
): SnapshotStatus => (now < record.creatingUntil ? "creating" : "available")

/** How far a snapshot is, in percent, as DescribeDBSnapshots reports it. */
export const snapshotProgress = (record: SnapshotRecord | ClusterSnapshotRecord, now: number): number => {
  if (now >= record.creatingUntil) return 100
  const span = record.creatingUntil - record.createdAt
  return span <= 0 ? 100 : Math.max(0, Math.floor((100 * (now - record.createdAt)) / span))
}

/** The settings in force at `now`: the base settings with every finished change applied in order. */
export const settingsAt = <S extends object>(
  settings: S,
  changes: ReadonlyArray<SettingsChange<S>>,
  now: number,
): S =>
  changes
    .filter((change) => change.endsAt <= now)
    .sort((a, b) => a.endsAt - b.endsAt)
    .reduce<S>((current, change) => Object.assign(current, change.values), { ...settings })

/** Values requested but not started yet (deferred to the maintenance window): PendingModifiedValues. */
export const pendingAt = <S extends object>(
  changes: ReadonlyArray<SettingsChange<S>>,
  now: number,
): Partial<S> =>
  changes
    .filter((change) => change.startsAt > now)
    .reduce<Partial<S>>((pending, change) => Object.assign(pending, change.values), {})

/**
 * Folds finished changes into the record's settings, so records stay small. Called by the operations that
 * change a record; reads derive the same result without writing.
 */
export const settleChanges = <S extends object>(
  holder: { settings: S; changes: SettingsChange<S>[] },
  now: number,
): void => {
  holder.settings = settingsAt(holder.settings, holder.changes, now)
  holder.changes = holder.changes.filter((change) => change.endsAt > now)
}

/** Drops the instances and clusters that have finished deleting. */
export const pruneGone = (state: RdsState, now: number): void => {
  for (const [id, record] of Object.entries(state.instances))
    if (isGone(record, now)) delete state.instances[id]
  for (const [id, record] of Object.entries(state.clusters))
    if (isGone(record, now)) delete state.clusters[id]
}

const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

/** `ddd:hh24:mi-ddd:hh24:mi`, the format of PreferredMaintenanceWindow. */
export const maintenanceWindowPattern =
  /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/

/** `hh24:mi-hh24:mi` in UTC, the format of PreferredBackupWindow. */
export const backupWindowPattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/

/**
 * When the next maintenance window opens after `after`: changes made without ApplyImmediately wait for it, as in
 * AWS. Falls back to `after` for a window it cannot read.
 */
export const nextMaintenanceWindow = (window: string, after: number): number => {
  const match = maintenanceWindowPattern.exec(window.toLowerCase())
  if (!match) return after
  const day = days.indexOf(match[1] as string)
  const minuteOfWeek = day * 1440 + Number(match[2]) * 60 + Number(match[3])
  const date = new Date(after)
  const nowMinuteOfWeek = date.getUTCDay() * 1440 + date.getUTCHours() * 60 + date.getUTCMinutes()
  let delta = minuteOfWeek - nowMinuteOfWeek
  if (delta <= 0) delta += 7 * 1440
  const startOfMinute = after - (after % minute)
  return startOfMinute + delta * minute
}
