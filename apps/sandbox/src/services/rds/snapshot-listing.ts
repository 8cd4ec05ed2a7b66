import type { CallContext, Input } from "../../operation.ts"
import { invalidValue } from "./errors.ts"
import { optionalBoolean, optionalText } from "./input.ts"
import { callerState, foreignSnapshots, type Listed, placeOf } from "./lookup.ts"
import type { RdsState } from "./state.ts"

const snapshotTypes = ["automated", "manual", "shared", "public", "awsbackup"]

/**
 * The snapshots DescribeDBSnapshots and DescribeDBClusterSnapshots start from, before their filters: the one the
 * call names (`identifierField`), else the caller's own when no SnapshotType or `manual` is asked, plus those
 * other accounts shared with the caller or made public when SnapshotType or IncludeShared / IncludePublic asks.
 */
export const snapshotsToList = <K extends "snapshots" | "clusterSnapshots">(
  context: CallContext,
  input: Input,
  kind: K,
  identifierField: string,
  find: (state: RdsState, identifier: string) => RdsState[K][string],
): Listed<RdsState[K][string]>[] => {
  const type = optionalText(input, "SnapshotType")
  if (type !== undefined && !snapshotTypes.includes(type))
    throw invalidValue(`Invalid value ${type} for SnapshotType; one of ${snapshotTypes.join(", ")}.`)
  const state = callerState(context)
  const place = placeOf(context)
  const ref = optionalText(input, identifierField)
  const own = (ref ? [find(state, ref)] : (Object.values(state[kind]) as RdsState[K][string][])).map(
    (record): Listed<RdsState[K][string]> => ({ record, place, type: record.snapshotType }),
  )
  const includeShared =
    type === "shared" || (type === undefined && optionalBoolean(input, "IncludeShared") === true)
  const includePublic =
    type === "public" || (type === undefined && optionalBoolean(input, "IncludePublic") === true)
  return [
    ...(type === undefined || type === "manual" ? own : []),
    ...(includeShared && ref === undefined ? foreignSnapshots(context, kind, "shared") : []),
    ...(includePublic && ref === undefined ? foreignSnapshots(context, kind, "public") : []),
  ]
}
