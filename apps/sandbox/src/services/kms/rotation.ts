import type { CallContext, Operation } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyResource, requireState, stateOf } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import { rotates } from "./key-specs.ts"
import type { KeyRecord } from "./state.ts"
import { optionalInteger } from "./validation.ts"

const day = 86_400_000

/** The next automatic rotation after `now`: rotations fall every period from when rotation was enabled. */
export const nextRotation = (key: KeyRecord, now: number): number | undefined => {
  if (!key.rotation) return undefined
  const period = key.rotation.periodInDays * day
  const elapsed = Math.max(0, now - key.rotation.since)
  return key.rotation.since + (Math.floor(elapsed / period) + 1) * period
}

/** Rotation can be switched only on symmetric encryption keys that are enabled. */
const requireRotatable = (context: CallContext, key: KeyRecord): void => {
  if (!rotates(key.keySpec))
    throw new ServiceError(
      "UnsupportedOperationException",
      `${key.arn} key usage or key spec does not support automatic rotation.`,
    )
  if (stateOf(context, key) === "Disabled")
    throw new ServiceError("DisabledException", `${key.arn} is disabled.`)
  requireState(context, key, ["Enabled"])
}

const enableKeyRotation: Operation = {
  name: "EnableKeyRotation",
  readOnly: false,
  resource: keyResource,
  conditionKeys: (input, context) => ({
    ...keyConditionKeys(input, context),
    "kms:RotationPeriodInDays": String(optionalInteger(input, "RotationPeriodInDays", 90, 2560) ?? 365),
  }),
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:EnableKeyRotation")
    const period = optionalInteger(input, "RotationPeriodInDays", 90, 2560) ?? 365
    requireRotatable(context, key)
    key.rotation = { periodInDays: period, since: context.clock.now() }
    changed(context, key)
    return {}
  },
}

const disableKeyRotation: Operation = {
  name: "DisableKeyRotation",
  readOnly: false,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:DisableKeyRotation")
    requireRotatable(context, key)
    delete key.rotation
    changed(context, key)
    return {}
  },
}

const getKeyRotationStatus: Operation = {
  name: "GetKeyRotationStatus",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:GetKeyRotationStatus", { crossAccount: true })
    const next = nextRotation(key, context.clock.now())
    return {
      KeyRotationEnabled: key.rotation !== undefined,
      KeyId: key.arn,
      RotationPeriodInDays: key.rotation?.periodInDays,
      NextRotationDate: next === undefined ? undefined : new Date(next),
    }
  },
}

/** Automatic rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus. */
export const rotationOperations: ReadonlyArray<Operation> = [
  enableKeyRotation,
  disableKeyRotation,
  getKeyRotationStatus,
]
