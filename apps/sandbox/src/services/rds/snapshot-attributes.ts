import type { CallContext, Input, Operation } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { resourceOf } from "./authorization.ts"
import { isAwsManagedKey } from "./encryption.ts"
import { invalidClusterSnapshotState, invalidSnapshotState, invalidValue } from "./errors.ts"
import { requiredText, textList } from "./input.ts"
import { snapshotStatus } from "./lifecycle.ts"
import { callerState, getClusterSnapshot, getSnapshot, placeOf, touched } from "./lookup.ts"
import { rdsXmlMembers, restoreAttribute } from "./shapes.ts"
import type { ClusterSnapshotRecord, SnapshotRecord } from "./state.ts"

/*
 * Sharing snapshots: the `restore` attribute lists the accounts allowed to copy or restore a manual snapshot, and
 * `all` makes it public (what RDS_SNAPSHOTS_PUBLIC_PROHIBITED looks for). As in AWS, an encrypted snapshot cannot
 * be public, one encrypted with the AWS managed key cannot be shared at all, and at most 20 accounts share one.
 */

const maxSharedAccounts = 20

/** Applies ValuesToAdd / ValuesToRemove to the snapshot's `restore` attribute, checking RDS's rules. */
const changeRestore = (
  context: CallContext,
  input: Input,
  snapshot: SnapshotRecord | ClusterSnapshotRecord,
  encrypted: boolean,
): void => {
  const attribute = requiredText(input, "AttributeName")
  if (attribute !== "restore")
    throw invalidValue(
      `Invalid value ${attribute} for AttributeName: the only attribute that can be modified is restore.`,
    )
  const add = textList(input, "ValuesToAdd") ?? []
  const remove = textList(input, "ValuesToRemove") ?? []
  for (const [field, values] of [
    ["ValuesToAdd", add],
    ["ValuesToRemove", remove],
  ] as const) {
    const bad = values.find((value) => value !== "all" && !/^\d{12}$/.test(value))
    if (bad !== undefined)
      throw invalidValue(`Invalid value ${bad} in ${field}: give 12-digit account ids or all.`)
  }
  if (encrypted && add.includes("all"))
    throw invalidValue(
      `Encrypted snapshot ${snapshot.identifier} cannot be shared publicly (ValuesToAdd all).`,
    )
  if (
    encrypted &&
    add.length > 0 &&
    isAwsManagedKey(context.store, placeOf(context), snapshot.kmsKeyId, context.clock.now())
  )
    throw invalidValue(
      `Snapshot ${snapshot.identifier} is encrypted with the AWS managed KMS key and cannot be shared; copy it with a customer managed key first.`,
    )
  const next = [...new Set([...snapshot.restore.filter((value) => !remove.includes(value)), ...add])]
  if (next.filter((value) => value !== "all").length > maxSharedAccounts)
    throw new ServiceError(
      "SharedSnapshotQuotaExceeded",
      `Snapshot ${snapshot.identifier} can be shared with at most ${maxSharedAccounts} accounts.`,
    )
  snapshot.restore = next
}

const modifyDBSnapshotAttribute: Operation = {
  name: "ModifyDBSnapshotAttribute",
  readOnly: false,
  resource: resourceOf("snapshot", "DBSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const snapshot = getSnapshot(context, state, requiredText(input, "DBSnapshotIdentifier"))
    const status = snapshotStatus(snapshot, context.clock.now())
    if (status !== "available") throw invalidSnapshotState(snapshot.identifier, status)
    changeRestore(context, input, snapshot, snapshot.encrypted)
    touched(context)
    return {
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: snapshot.identifier,
        DBSnapshotAttributes: [restoreAttribute(snapshot.restore)],
      },
    }
  },
}

const describeDBSnapshotAttributes: Operation = {
  name: "DescribeDBSnapshotAttributes",
  readOnly: true,
  resource: resourceOf("snapshot", "DBSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const snapshot = getSnapshot(context, callerState(context), requiredText(input, "DBSnapshotIdentifier"))
    return {
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: snapshot.identifier,
        DBSnapshotAttributes: [restoreAttribute(snapshot.restore)],
      },
    }
  },
}

const modifyDBClusterSnapshotAttribute: Operation = {
  name: "ModifyDBClusterSnapshotAttribute",
  readOnly: false,
  resource: resourceOf("cluster-snapshot", "DBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const state = callerState(context)
    const snapshot = getClusterSnapshot(context, state, requiredText(input, "DBClusterSnapshotIdentifier"))
    const status = snapshotStatus(snapshot, context.clock.now())
    if (status !== "available") throw invalidClusterSnapshotState(snapshot.identifier, status)
    changeRestore(context, input, snapshot, snapshot.storageEncrypted)
    touched(context)
    return {
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: snapshot.identifier,
        DBClusterSnapshotAttributes: [restoreAttribute(snapshot.restore)],
      },
    }
  },
}

const describeDBClusterSnapshotAttributes: Operation = {
  name: "DescribeDBClusterSnapshotAttributes",
  readOnly: true,
  resource: resourceOf("cluster-snapshot", "DBClusterSnapshotIdentifier"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const snapshot = getClusterSnapshot(
      context,
      callerState(context),
      requiredText(input, "DBClusterSnapshotIdentifier"),
    )
    return {
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: snapshot.identifier,
        DBClusterSnapshotAttributes: [restoreAttribute(snapshot.restore)],
      },
    }
  },
}

/** Snapshot sharing operations. */
export const snapshotAttributeOperations: ReadonlyArray<Operation> = [
  modifyDBSnapshotAttribute,
  describeDBSnapshotAttributes,
  modifyDBClusterSnapshotAttribute,
  describeDBClusterSnapshotAttributes,
]
