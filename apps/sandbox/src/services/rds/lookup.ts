import type { CallContext } from "../../operation.ts"
import { clusterNotFound, clusterSnapshotNotFound, instanceNotFound, snapshotNotFound } from "./errors.ts"
import { isGone, pruneGone } from "./lifecycle.ts"
import {
  type ClusterRecord,
  type ClusterSnapshotRecord,
  type InstanceRecord,
  type Place,
  parseRdsArn,
  peekRdsSlice,
  type RdsState,
  type ResourceKind,
  rdsSlice,
  type SnapshotRecord,
} from "./state.ts"

/*
 * Finding the resource a call names. RDS accepts an identifier or the resource's ARN wherever it takes an
 * identifier; identifiers are case-insensitive (stored lower-case). Resources that finished deleting do not exist.
 */

/** Where the call acts: the caller's account and the signed region. */
export const placeOf = (context: CallContext): Place => ({
  partition: context.partition,
  region: context.region,
  account: context.account,
})

/** The caller's RDS state, with resources that finished deleting dropped. */
export const callerState = (context: CallContext): RdsState => {
  const state = rdsSlice(context.store, context.account, context.region)
  pruneGone(state, context.clock.now())
  return state
}

/** Marks the caller's account as changed, so its state is written before the answer. */
export const touched = (context: CallContext): void => context.store.touch(context.account)

/**
 * The identifier an identifier-or-ARN names within `place`, or undefined when it is an ARN of another kind,
 * account or region (so nothing in this place matches).
 */
export const localIdentifier = (ref: string, kind: ResourceKind, place: Place): string | undefined => {
  if (!ref.startsWith("arn:")) return ref.toLowerCase()
  const arn = parseRdsArn(ref)
  if (!arn || arn.kind !== kind || arn.account !== place.account || arn.region !== place.region)
    return undefined
  return arn.identifier
}

/** The instance an identifier or ARN names, or DBInstanceNotFoundFault. */
export const getInstance = (context: CallContext, state: RdsState, ref: string): InstanceRecord => {
  const id = localIdentifier(ref, "db", placeOf(context))
  const record = id === undefined ? undefined : state.instances[id]
  if (!record || isGone(record, context.clock.now())) throw instanceNotFound(ref)
  return record
}

/** The cluster an identifier or ARN names, or DBClusterNotFoundFault. */
export const getCluster = (context: CallContext, state: RdsState, ref: string): ClusterRecord => {
  const id = localIdentifier(ref, "cluster", placeOf(context))
  const record = id === undefined ? undefined : state.clusters[id]
  if (!record || isGone(record, context.clock.now())) throw clusterNotFound(ref)
  return record
}

/** The caller's DB snapshot an identifier or ARN names, or DBSnapshotNotFoundFault. */
export const getSnapshot = (context: CallContext, state: RdsState, ref: string): SnapshotRecord => {
  const id = localIdentifier(ref, "snapshot", placeOf(context))
  const record = id === undefined ? undefined : state.snapshots[id]
  if (!record) throw snapshotNotFound(ref)
  return record
}

/** The caller's DB cluster snapshot an identifier or ARN names, or DBClusterSnapshotNotFoundFault. */
export const getClusterSnapshot = (
  context: CallContext,
  state: RdsState,
  ref: string,
): ClusterSnapshotRecord => {
  const id = localIdentifier(ref, "cluster-snapshot", placeOf(context))
  const record = id === undefined ? undefined : state.clusterSnapshots[id]
  if (!record) throw clusterSnapshotNotFound(ref)
  return record
}

/** A snapshot found through its ARN, possibly in another account or region, and where it lives. */
export interface SourceSnapshot<T> {
  readonly record: T
  readonly place: Place
}

const sharedWith = (restore: ReadonlyArray<string>, account: string): boolean =>
  restore.includes(account) || restore.includes("all")

/**
 * The source of a copy or restore: an identifier in the caller's account and region, or an ARN of a snapshot in
 * another region of the caller's account, or of another account that shared it (`restore` attribute lists the
 * caller's account, or `all`).
 */
export const sourceSnapshot = <K extends "snapshot" | "cluster-snapshot">(
  context: CallContext,
  ref: string,
  kind: K,
): SourceSnapshot<K extends "snapshot" ? SnapshotRecord : ClusterSnapshotRecord> => {
  type Found = K extends "snapshot" ? SnapshotRecord : ClusterSnapshotRecord
  const notFound = kind === "snapshot" ? snapshotNotFound(ref) : clusterSnapshotNotFound(ref)
  const here = placeOf(context)
  const arn = ref.startsWith("arn:") ? parseRdsArn(ref) : undefined
  if (ref.startsWith("arn:") && (!arn || arn.kind !== kind)) throw notFound
  const place: Place = arn ? { partition: here.partition, region: arn.region, account: arn.account } : here
  const identifier = arn ? arn.identifier : ref.toLowerCase()
  const state =
    place.account === here.account && place.region === here.region
      ? callerState(context)
      : peekRdsSlice(context.store, place.account, place.region)
  const records: Record<string, SnapshotRecord | ClusterSnapshotRecord> | undefined =
    kind === "snapshot" ? state?.snapshots : state?.clusterSnapshots
  const record = records?.[identifier]
  if (!record) throw notFound
  if (place.account !== here.account && !sharedWith(record.restore, here.account)) throw notFound
  return { record: record as Found, place }
}

/** A snapshot a describe call lists: where it lives, and its type as the caller sees it. */
export interface Listed<T> {
  readonly record: T
  readonly place: Place
  readonly type: string
}

/**
 * Snapshots other accounts in the caller's region shared with the caller (`shared`: the `restore` attribute names
 * the caller's account) or with everyone (`public`: it holds `all`).
 */
export const foreignSnapshots = <K extends "snapshots" | "clusterSnapshots">(
  context: CallContext,
  kind: K,
  visibility: "shared" | "public",
): Listed<RdsState[K][string]>[] => {
  const listed: Listed<RdsState[K][string]>[] = []
  for (const account of context.store.accounts.keys()) {
    if (account === context.account) continue
    const records = peekRdsSlice(context.store, account, context.region)?.[kind] ?? {}
    for (const record of Object.values(records) as RdsState[K][string][]) {
      const wanted =
        visibility === "public" ? record.restore.includes("all") : record.restore.includes(context.account)
      if (wanted) listed.push({ record, place: { ...placeOf(context), account }, type: visibility })
    }
  }
  return listed
}
