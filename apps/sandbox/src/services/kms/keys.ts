import type { ContextValue } from "@rampart/scp"
import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyResource, kmsOf, placeOf, requireState } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import { checkKeyPolicy, keyPolicyDecision } from "./key-policy-documents.ts"
import { keySpecs, keyUsages, specUsageProblem } from "./key-specs.ts"
import { keyMetadata } from "./shapes.ts"
import { keyArn, putKey } from "./state.ts"
import { requestTagKeys, requestTags } from "./tags.ts"
import { constraintError, kmsPage, optionalBoolean, optionalEnum, optionalString } from "./validation.ts"

/** The key spec and usage a CreateKey call asks for, checked against each other. */
const specAndUsage = (input: Input): { keySpec: string; keyUsage: string } => {
  const specs = Object.keys(keySpecs)
  const keySpec = optionalEnum(input, "KeySpec", specs)
  const legacy = optionalEnum(input, "CustomerMasterKeySpec", specs)
  if (keySpec !== undefined && legacy !== undefined && keySpec !== legacy)
    throw new ServiceError(
      "ValidationException",
      "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.",
    )
  const spec = keySpec ?? legacy ?? "SYMMETRIC_DEFAULT"
  const usage = optionalEnum(input, "KeyUsage", keyUsages)
  const problem = specUsageProblem(spec, usage)
  if (problem !== undefined) throw new ServiceError("ValidationException", problem)
  return { keySpec: spec, keyUsage: usage ?? "ENCRYPT_DECRYPT" }
}

/**
 * KMS refuses a key policy that would lock the caller out of ever changing it again, unless told to bypass the
 * check.
 */
export const lockoutCheck = (context: CallContext, policy: string, arn: string, bypass: boolean): void => {
  if (bypass) return
  const decision = keyPolicyDecision(context, policy, arn, "kms:PutKeyPolicy")
  if (decision === "Allow" || decision === "Unknown") return
  throw new ServiceError(
    "MalformedPolicyDocumentException",
    "The new key policy will not allow you to update the key policy in the future.",
  )
}

const createKeyConditionKeys = (input: Input, context: CallContext): Record<string, ContextValue> => {
  const { keySpec, keyUsage } = specAndUsage(input)
  const multiRegion = optionalBoolean(input, "MultiRegion") ?? false
  return {
    "kms:CallerAccount": context.account,
    "kms:KeySpec": keySpec,
    "kms:KeyUsage": keyUsage,
    "kms:KeyOrigin": typeof input.Origin === "string" ? input.Origin : "AWS_KMS",
    "kms:MultiRegion": String(multiRegion),
    ...(multiRegion ? { "kms:MultiRegionKeyType": "PRIMARY" } : {}),
    "kms:BypassPolicyLockoutSafetyCheck": String(
      optionalBoolean(input, "BypassPolicyLockoutSafetyCheck") ?? false,
    ),
    ...requestTagKeys(requestTags(input)),
  }
}

const createKey: Operation = {
  name: "CreateKey",
  readOnly: false,
  conditionKeys: createKeyConditionKeys,
  handle: (input, context) => {
    const { keySpec, keyUsage } = specAndUsage(input)
    const description = optionalString(input, "Description", 8192) ?? ""
    const origin = optionalEnum(input, "Origin", [
      "AWS_KMS",
      "EXTERNAL",
      "AWS_CLOUDHSM",
      "EXTERNAL_KEY_STORE",
    ])
    if (origin !== undefined && origin !== "AWS_KMS")
      throw new ServiceError(
        "UnsupportedOperationException",
        `The sandbox creates keys with Origin AWS_KMS only, not ${origin}.`,
      )
    if (input.CustomKeyStoreId !== undefined)
      throw new ServiceError(
        "CustomKeyStoreNotFoundException",
        `Custom key store ${String(input.CustomKeyStoreId)} does not exist.`,
      )
    const multiRegion = optionalBoolean(input, "MultiRegion") ?? false
    const bypass = optionalBoolean(input, "BypassPolicyLockoutSafetyCheck") ?? false
    const tags = requestTags(input)
    const policy = optionalString(input, "Policy", 1_000_000)
    const place = placeOf(context)
    if (policy !== undefined) {
      checkKeyPolicy(policy)
      lockoutCheck(context, policy, keyArn(place, "new-key"), bypass)
    }
    kmsOf(context)
    const key = putKey(
      context.store,
      place,
      {
        description,
        keySpec,
        keyUsage,
        keyManager: "CUSTOMER",
        multiRegion,
        ...(policy !== undefined ? { policy } : {}),
        tags,
      },
      context.clock.now(),
    )
    return { KeyMetadata: keyMetadata(key, context.clock.now()) }
  },
}

const describeKey: Operation = {
  name: "DescribeKey",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:DescribeKey", { aliases: true, crossAccount: true })
    return { KeyMetadata: keyMetadata(key, context.clock.now()) }
  },
}

const listKeys: Operation = {
  name: "ListKeys",
  readOnly: true,
  handle: (input, context) => {
    const keys = Object.values(kmsOf(context).keys).map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }))
    const page = kmsPage(keys, input, 1000, 100)
    return { Keys: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker }
  },
}

/** EnableKey and DisableKey: a key pending deletion can be neither. */
const enabling = (name: "EnableKey" | "DisableKey", enabled: boolean): Operation => ({
  name,
  readOnly: false,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, `kms:${name}`)
    requireState(context, key, ["Enabled", "Disabled"])
    key.enabled = enabled
    changed(context, key)
    return {}
  },
})

const updateKeyDescription: Operation = {
  name: "UpdateKeyDescription",
  readOnly: false,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:UpdateKeyDescription")
    const description = input.Description
    if (typeof description !== "string") requireString(input, "Description")
    if (typeof description === "string" && description.length > 8192)
      throw constraintError("Description", description, "Member must have length less than or equal to 8192")
    requireState(context, key, ["Enabled", "Disabled"])
    key.description = String(description)
    changed(context, key)
    return {}
  },
}

/** Keys: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, UpdateKeyDescription. */
export const keyOperations: ReadonlyArray<Operation> = [
  createKey,
  describeKey,
  listKeys,
  enabling("EnableKey", true),
  enabling("DisableKey", false),
  updateKeyDescription,
]
