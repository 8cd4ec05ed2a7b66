import type { ContextValue } from "@rampart/scp"
import type { Input, Operation } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyResource, requireState } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import type { KmsTag } from "./state.ts"
import { constraintError, kmsPage } from "./validation.ts"

/** KMS allows 50 tags per key. */
const maxTags = 50

/** The `Tags` of a request: keys 1..128 and values 0..256 characters, no `aws:` keys, no key twice. */
export const requestTags = (input: Input): KmsTag[] => {
  const raw = input.Tags
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw constraintError("Tags", raw, "Member must be a list")
  const tags = raw.map((entry: unknown, index): KmsTag => {
    const tag = (entry ?? {}) as Record<string, unknown>
    if (typeof tag.TagKey !== "string" || tag.TagKey.length < 1 || tag.TagKey.length > 128)
      throw constraintError(
        `tags.${index + 1}.member.tagKey`,
        tag.TagKey,
        "Member must have length between 1 and 128",
      )
    if (typeof tag.TagValue !== "string" || tag.TagValue.length > 256)
      throw constraintError(
        `tags.${index + 1}.member.tagValue`,
        tag.TagValue,
        "Member must have length less than or equal to 256",
      )
    if (tag.TagKey.startsWith("aws:"))
      throw new ServiceError("TagException", "Tags beginning with aws: are reserved and cannot be set.")
    return { TagKey: tag.TagKey, TagValue: tag.TagValue }
  })
  if (new Set(tags.map((t) => t.TagKey)).size !== tags.length)
    throw new ServiceError("TagException", "Duplicate tag keys are not allowed.")
  if (tags.length > maxTags) tooManyTags()
  return tags
}

const tooManyTags = (): never => {
  throw new ServiceError("LimitExceededException", `A KMS key can have at most ${maxTags} tags.`)
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` of a request that sets tags. */
export const requestTagKeys = (tags: ReadonlyArray<KmsTag>): Record<string, ContextValue> =>
  tags.length === 0
    ? {}
    : {
        ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.TagKey}`, t.TagValue])),
        "aws:TagKeys": tags.map((t) => t.TagKey),
      }

const tagResource: Operation = {
  name: "TagResource",
  readOnly: false,
  resource: keyResource,
  conditionKeys: (input, context) => ({
    ...keyConditionKeys(input, context),
    ...requestTagKeys(requestTags(input)),
  }),
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:TagResource")
    const tags = requestTags(input)
    if (tags.length === 0)
      throw constraintError("Tags", [], "Member must have length greater than or equal to 1")
    requireState(context, key, ["Enabled", "Disabled"])
    // A tag with a key the key already carries replaces it.
    const merged = [...key.tags.filter((t) => !tags.some((n) => n.TagKey === t.TagKey)), ...tags]
    if (merged.length > maxTags) tooManyTags()
    key.tags = merged
    changed(context, key)
    return {}
  },
}

const untagResource: Operation = {
  name: "UntagResource",
  readOnly: false,
  resource: keyResource,
  conditionKeys: (input, context) => ({
    ...keyConditionKeys(input, context),
    ...(Array.isArray(input.TagKeys) ? { "aws:TagKeys": input.TagKeys.map(String) } : {}),
  }),
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:UntagResource")
    const keys = input.TagKeys
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === "string"))
      throw constraintError("TagKeys", keys ?? null, "Member must be a non-empty list of strings")
    requireState(context, key, ["Enabled", "Disabled"])
    key.tags = key.tags.filter((t) => !keys.includes(t.TagKey))
    changed(context, key)
    return {}
  },
}

const listResourceTags: Operation = {
  name: "ListResourceTags",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:ListResourceTags")
    const page = kmsPage(key.tags, input, 50, 50)
    return { Tags: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker }
  },
}

/** Tags of keys: TagResource, UntagResource, ListResourceTags. */
export const tagOperations: ReadonlyArray<Operation> = [tagResource, untagResource, listResourceTags]
