import type { CallContext, Input } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { requireKeyPolicy } from "./key-policy-documents.ts"
import { parseKeyReference, resolveKey } from "./resolve-key.ts"
import {
  aliasArn,
  type KeyPlace,
  type KeyRecord,
  type KeyState,
  type KmsState,
  keyArn,
  keyState,
  kmsSlice,
  peekKms,
  purgeDeleted,
} from "./state.ts"

/** Where the caller's own keys live. */
export const placeOf = (context: CallContext): KeyPlace => ({
  partition: context.partition,
  account: context.account,
  region: context.region,
})

/** The caller's KMS state, without the keys whose deletion date has passed. */
export const kmsOf = (context: CallContext): KmsState => {
  const state = kmsSlice(context.store, context.account, context.region)
  if (purgeDeleted(state, context.clock.now())) context.store.touch(context.account)
  return state
}

/** Marks the caller's account changed, to be written before the answer. */
export const changed = (context: CallContext, key?: KeyRecord): void => {
  context.store.touch(key?.account ?? context.account)
}

const notFound = (message: string): ServiceError => new ServiceError("NotFoundException", message)

/** How an operation accepts keys. */
export interface KeyLookup {
  /** DescribeKey (and the cryptographic operations) accept aliases; management operations take key ids or ARNs. */
  readonly aliases?: boolean
  /** Operations KMS allows on other accounts' keys (by key ARN), subject to the key policy. */
  readonly crossAccount?: boolean
}

/** The key named by `field` (`KeyId` by default), or KMS's error for that reference. */
export const keyOrThrow = (
  context: CallContext,
  input: Input,
  lookup: KeyLookup = {},
  field = "KeyId",
): KeyRecord => {
  const reference = requireString(input, field)
  if (reference.length > 2048)
    throw new ServiceError(
      "ValidationException",
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    )
  const parsed = parseKeyReference(reference)
  if (parsed.kind === "invalid-arn")
    throw new ServiceError("InvalidArnException", `${reference} is not a valid ARN.`)
  if ((parsed.kind === "alias" || parsed.kind === "alias-arn") && !lookup.aliases)
    throw notFound(`Invalid keyId '${reference}'`)
  const place = placeOf(context)
  if (parsed.kind === "key-arn" || parsed.kind === "alias-arn") {
    // Keys are regional: another Region's ARN names nothing here.
    const foreign = parsed.account !== context.account
    if (parsed.region !== context.region || (foreign && !lookup.crossAccount)) throw missing(place, reference)
  }
  kmsOf(context)
  const key = resolveKey(context.store, context.account, context.region, reference, context.clock.now())
  if (!key) throw missing(place, reference)
  return key
}

/** KMS's NotFoundException for a reference, in its wording for keys and for aliases. */
const missing = (place: KeyPlace, reference: string): ServiceError => {
  const parsed = parseKeyReference(reference)
  switch (parsed.kind) {
    case "alias":
      return notFound(`Alias ${aliasArn(place, parsed.aliasName)} is not found.`)
    case "alias-arn":
      return notFound(`Alias ${reference} is not found.`)
    case "key-arn":
      return notFound(`Key '${reference}' does not exist`)
    case "id":
      return /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(
        parsed.keyId,
      )
        ? notFound(`Key '${keyArn(place, parsed.keyId)}' does not exist`)
        : notFound(`Invalid keyId '${reference}'`)
    case "invalid-arn":
      return new ServiceError("InvalidArnException", `${reference} is not a valid ARN.`)
  }
}

/** The key for an operation, after the key policy allowed the caller `action` on it. */
export const authorizedKey = (
  context: CallContext,
  input: Input,
  action: string,
  lookup: KeyLookup = {},
  field = "KeyId",
): KeyRecord => {
  const key = keyOrThrow(context, input, lookup, field)
  requireKeyPolicy(context, key, action)
  return key
}

/** The key's state now. */
export const stateOf = (context: CallContext, key: KeyRecord): KeyState => keyState(key, context.clock.now())

/** KMSInvalidStateException unless the key is in one of the `allowed` states. */
export const requireState = (
  context: CallContext,
  key: KeyRecord,
  allowed: ReadonlyArray<KeyState>,
): void => {
  const state = stateOf(context, key)
  if (allowed.includes(state)) return
  throw new ServiceError(
    "KMSInvalidStateException",
    state === "PendingDeletion" ? `${key.arn} is pending deletion.` : `${key.arn} is ${state.toLowerCase()}.`,
  )
}

/**
 * The ARN a call on a key is authorized against (identity policies and SCPs): the key's own ARN when the reference
 * resolves, else the ARN the reference spells. Resolving here creates nothing.
 */
export const keyResource = (input: Input, context: CallContext, field = "KeyId"): string => {
  const reference = input[field]
  if (typeof reference !== "string" || reference === "") return "*"
  const parsed = parseKeyReference(reference)
  const place = placeOf(context)
  switch (parsed.kind) {
    case "id":
      return keyArn(place, parsed.keyId)
    case "key-arn":
      return reference
    case "invalid-arn":
      return "*"
    case "alias":
    case "alias-arn": {
      const name = parsed.aliasName
      const owner =
        parsed.kind === "alias-arn" ? { ...place, account: parsed.account, region: parsed.region } : place
      const target = peekKms(context.store, owner.account, owner.region)?.aliases[name]?.targetKeyId
      return target ? keyArn(owner, target) : aliasArn(owner, name)
    }
  }
}
