import type { ContextValue } from "@rampart/scp"
import type { CallContext, Input } from "../../operation.ts"
import { isAurora } from "./engines.ts"
import { localIdentifier, placeOf } from "./lookup.ts"
import { peekRdsSlice, type ResourceKind, rdsArn } from "./state.ts"

/*
 * What RDS calls are authorized against: the resource's ARN, and the RDS condition keys of the request.
 *
 * `rds:StorageEncrypted` (Bool) and `rds:DatabaseEngine` (String), per the Service Authorization Reference for
 * Amazon RDS (list_amazonrds; checked against a generated copy of its tables, iam-floyd's rds.ts):
 * - `rds:StorageEncrypted` is an action-level key of CreateDBCluster, RestoreDBClusterFromS3 and
 *   CreateBlueGreenDeployment, and a key of the `db` resource type, which is how it reaches CreateDBInstance. Its
 *   value comes from the request's `StorageEncrypted` parameter: when the caller leaves the parameter out, the key
 *   is ABSENT from the request context. That is why a `Bool rds:StorageEncrypted false` deny does not stop a call
 *   that omits the flag, and Rampart's guardrail adds `Null rds:StorageEncrypted true` for these actions.
 * - For Aurora engines, CreateDBInstance's `StorageEncrypted` does not apply (the API reference: "This setting
 *   doesn't apply to Amazon Aurora DB instances. The encryption for DB instances is managed by the DB cluster"), so
 *   the sandbox never sets the key for an Aurora instance; the guardrail exempts `rds:DatabaseEngine aurora*`.
 * - Read replicas, Restore*FromDBSnapshot / RestoreDBClusterFromSnapshot and point-in-time restores inherit the
 *   source's encryption and take no StorageEncrypted parameter: the key is never set for them (a Null deny on those
 *   actions would refuse every restore).
 * - `rds:DatabaseEngine` is a `db` resource key (and action key of CreateDBCluster and RestoreDBClusterFromS3):
 *   the request's `Engine` on creation, the existing resource's engine on calls that act on one.
 * The sandbox does not model `rds:StorageEncrypted` as a resource key of existing instances (ModifyDBInstance,
 * DescribeDBInstances, ...): there it is absent, as Rampart's CloudTrail replay (packages/scp replay/services/rds.ts)
 * also assumes.
 */

const storageEncrypted = "rds:StorageEncrypted"
const databaseEngine = "rds:DatabaseEngine"

const text = (input: Input, name: string): string | undefined => {
  const value = input[name]
  return typeof value === "string" && value !== "" ? value : undefined
}

/** `"true"` / `"false"` when the request carries a readable StorageEncrypted; otherwise the key stays absent. */
const requestedEncryption = (input: Input): string | undefined => {
  const value = text(input, "StorageEncrypted")?.toLowerCase()
  return value === "true" || value === "false" ? value : undefined
}

const engineOf = (input: Input): string | undefined => text(input, "Engine")?.toLowerCase()

/** CreateDBInstance: the engine, and StorageEncrypted only when sent and only for non-Aurora engines. */
export const createInstanceKeys = (input: Input): Record<string, ContextValue> => {
  const keys: Record<string, ContextValue> = {}
  const engine = engineOf(input)
  if (engine !== undefined) keys[databaseEngine] = engine
  const encrypted = requestedEncryption(input)
  if (encrypted !== undefined && !(engine !== undefined && isAurora(engine)))
    keys[storageEncrypted] = encrypted
  return keys
}

/** CreateDBCluster: the engine, and StorageEncrypted only when sent. */
export const createClusterKeys = (input: Input): Record<string, ContextValue> => {
  const keys: Record<string, ContextValue> = {}
  const engine = engineOf(input)
  if (engine !== undefined) keys[databaseEngine] = engine
  const encrypted = requestedEncryption(input)
  if (encrypted !== undefined) keys[storageEncrypted] = encrypted
  return keys
}

/** Calls on an existing instance: its engine (a `db` resource key). Never StorageEncrypted. */
export const existingInstanceKeys =
  (field: string) =>
  (input: Input, context: CallContext): Record<string, ContextValue> => {
    const ref = text(input, field)
    const id = ref === undefined ? undefined : localIdentifier(ref, "db", placeOf(context))
    const record =
      id === undefined
        ? undefined
        : peekRdsSlice(context.store, context.account, context.region)?.instances[id]
    return record ? { [databaseEngine]: record.engine } : {}
  }

/**
 * Restores from snapshots: the engine of the new database (the request's Engine, else the snapshot's) and never
 * StorageEncrypted, which the restore inherits from the snapshot.
 */
export const restoreKeys =
  (snapshotField: string, kind: "snapshots" | "clusterSnapshots") =>
  (input: Input, context: CallContext): Record<string, ContextValue> => {
    const engine = engineOf(input)
    if (engine !== undefined) return { [databaseEngine]: engine }
    const ref = text(input, snapshotField)
    const id =
      ref === undefined
        ? undefined
        : localIdentifier(ref, kind === "snapshots" ? "snapshot" : "cluster-snapshot", placeOf(context))
    const record =
      id === undefined ? undefined : peekRdsSlice(context.store, context.account, context.region)?.[kind][id]
    return record ? { [databaseEngine]: record.engine } : {}
  }

/**
 * The ARN of the resource named by `field` (an identifier or an ARN), or every resource of the kind in the
 * account and region when the request names none (as the describe calls authorize).
 */
export const resourceOf =
  (kind: ResourceKind, field: string) =>
  (input: Input, context: CallContext): string => {
    const ref = text(input, field)
    if (ref === undefined) return rdsArn(placeOf(context), kind, "*")
    return ref.startsWith("arn:") ? ref : rdsArn(placeOf(context), kind, ref.toLowerCase())
  }
