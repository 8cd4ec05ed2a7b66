import type { Operation } from "../../operation.ts"
import { authorizedKey, changed, keyResource, requireState } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import { optionalInteger } from "./validation.ts"

const day = 86_400_000

const scheduleKeyDeletion: Operation = {
  name: "ScheduleKeyDeletion",
  readOnly: false,
  resource: keyResource,
  conditionKeys: (input, context) => ({
    ...keyConditionKeys(input, context),
    "kms:ScheduleKeyDeletionPendingWindowInDays": String(
      optionalInteger(input, "PendingWindowInDays", 7, 30) ?? 30,
    ),
  }),
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:ScheduleKeyDeletion")
    const window = optionalInteger(input, "PendingWindowInDays", 7, 30) ?? 30
    requireState(context, key, ["Enabled", "Disabled"])
    // The key is gone once the window has passed on the simulated clock; nothing runs at that moment.
    key.deletionDate = context.clock.now() + window * day
    changed(context, key)
    return {
      KeyId: key.arn,
      DeletionDate: new Date(key.deletionDate),
      KeyState: "PendingDeletion",
      PendingWindowInDays: window,
    }
  },
}

const cancelKeyDeletion: Operation = {
  name: "CancelKeyDeletion",
  readOnly: false,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:CancelKeyDeletion")
    requireState(context, key, ["PendingDeletion"])
    delete key.deletionDate
    // A key whose deletion is cancelled comes back disabled, as in KMS: enabling it again is a separate decision.
    key.enabled = false
    changed(context, key)
    return { KeyId: key.arn }
  },
}

/** Deleting keys: ScheduleKeyDeletion (7 to 30 days of PendingDeletion) and CancelKeyDeletion. */
export const deletionOperations: ReadonlyArray<Operation> = [scheduleKeyDeletion, cancelKeyDeletion]
