import type { Input, Operation } from "../../operation.ts"
import { changed, iamOf, roleOrThrow } from "./access.ts"
import { roleNameOf, roleResource, roleTagKeys } from "./roles.ts"
import { maxTags, mergeTags, requestTagKeys, requestTags, tooManyTags } from "./tags.ts"
import { constraintError, iamPage, listOf } from "./validation.ts"

const tagRole: Operation = {
  name: "TagRole",
  readOnly: false,
  resource: roleResource,
  conditionKeys: (input, context) => ({
    ...roleTagKeys(input, context),
    ...requestTagKeys(requestTags(input)),
  }),
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    const tags = requestTags(input)
    if (tags.length === 0)
      throw constraintError("Tags", "[]", "Member must have length greater than or equal to 1")
    const merged = mergeTags(role.tags, tags)
    if (merged.length > maxTags) tooManyTags()
    role.tags = merged
    changed(context, iam)
    return {}
  },
}

/** The tag keys of an UntagRole call: 1 to 50 strings of 1..128 characters. */
const tagKeysOf = (input: Input): string[] => {
  const keys = listOf(input, "TagKeys") ?? []
  if (keys.length === 0 || keys.length > maxTags)
    throw constraintError("TagKeys", JSON.stringify(keys), "Member must have length between 1 and 50")
  return keys.map((key, index) => {
    if (typeof key !== "string" || key.length < 1 || key.length > 128)
      throw constraintError(`tagKeys.${index + 1}.member`, key, "Member must have length between 1 and 128")
    return key
  })
}

const untagRole: Operation = {
  name: "UntagRole",
  readOnly: false,
  resource: roleResource,
  conditionKeys: (input, context) => ({ ...roleTagKeys(input, context), "aws:TagKeys": tagKeysOf(input) }),
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    // Tag keys are case-insensitive; keys the role does not carry are ignored, as in AWS.
    const removed = new Set(tagKeysOf(input).map((k) => k.toLowerCase()))
    role.tags = role.tags.filter((t) => !removed.has(t.Key.toLowerCase()))
    changed(context, iam)
    return {}
  },
}

const listRoleTags: Operation = {
  name: "ListRoleTags",
  readOnly: true,
  resource: roleResource,
  conditionKeys: roleTagKeys,
  handle: (input, context) => {
    const role = roleOrThrow(iamOf(context), roleNameOf(input))
    const page = iamPage(role.tags, input)
    return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker }
  },
}

/** Tags of roles: TagRole, UntagRole, ListRoleTags. */
export const roleTagOperations: ReadonlyArray<Operation> = [tagRole, untagRole, listRoleTags]
