import type { ContextValue } from "@rampart/scp"
import type { CallContext, Input } from "../../operation.ts"
import { parseKeyReference } from "./resolve-key.ts"
import { keyState, peekKms } from "./state.ts"

/**
 * The condition keys KMS sets on calls about an existing key, for SCPs and identity policies:
 * `kms:CallerAccount`, the key's `kms:KeySpec`, `kms:KeyUsage`, `kms:KeyOrigin`, `kms:MultiRegion`,
 * `kms:ResourceAliases` and its `aws:ResourceTag/<key>`. Only what exists is looked up: nothing is created here.
 */
export const keyConditionKeys = (
  input: Input,
  context: CallContext,
  field = "KeyId",
): Record<string, ContextValue> => {
  const base = { "kms:CallerAccount": context.account }
  const reference = input[field]
  if (typeof reference !== "string") return base
  const parsed = parseKeyReference(reference)
  if (parsed.kind === "invalid-arn") return base
  const account = parsed.kind === "key-arn" || parsed.kind === "alias-arn" ? parsed.account : context.account
  const region = parsed.kind === "key-arn" || parsed.kind === "alias-arn" ? parsed.region : context.region
  const state = peekKms(context.store, account, region)
  if (!state) return base
  const keyId =
    parsed.kind === "id" || parsed.kind === "key-arn"
      ? parsed.keyId
      : state.aliases[parsed.aliasName]?.targetKeyId
  const key = keyId === undefined ? undefined : state.keys[keyId]
  if (!key || keyState(key, context.clock.now()) === "Deleted") return base
  const aliases = Object.values(state.aliases)
    .filter((a) => a.targetKeyId === key.keyId)
    .map((a) => a.aliasName)
  return {
    ...base,
    "kms:KeySpec": key.keySpec,
    "kms:KeyUsage": key.keyUsage,
    "kms:KeyOrigin": key.origin,
    "kms:MultiRegion": String(key.multiRegion),
    ...(aliases.length > 0 ? { "kms:ResourceAliases": aliases } : {}),
    ...Object.fromEntries(key.tags.map((t) => [`aws:ResourceTag/${t.TagKey}`, t.TagValue])),
  }
}
