import type { ContextValue } from "@rampart/scp"
import type { Input } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { constraintError, listOf } from "./validation.ts"

/** An IAM tag as the API spells it. */
export interface IamTag {
  readonly Key: string
  readonly Value: string
}

/** IAM allows 50 tags per role. */
export const maxTags = 50

const tagText = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

const invalidInput = (message: string): ServiceError => new ServiceError("InvalidInput", message)

/**
 * The `Tags` of a request, checked as IAM checks them: keys 1..128 and values 0..256 characters of the allowed
 * set, no `aws:` prefix, no key twice (keys are case-insensitive), at most 50.
 */
export const requestTags = (input: Input, field = "Tags"): IamTag[] => {
  const list = listOf(input, field) ?? []
  const tags = list.map((raw, index): IamTag => {
    const entry = (raw ?? {}) as Record<string, unknown>
    const key = entry.Key
    const value = entry.Value ?? ""
    if (typeof key !== "string" || key.length < 1 || key.length > 128 || !tagText.test(key))
      throw constraintError(
        `tags.${index + 1}.member.key`,
        key,
        "Member must have length between 1 and 128 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
      )
    if (typeof value !== "string" || value.length > 256 || !tagText.test(value))
      throw constraintError(
        `tags.${index + 1}.member.value`,
        value,
        "Member must have length less than or equal to 256 and satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
      )
    if (key.toLowerCase().startsWith("aws:"))
      throw invalidInput("User-defined tag keys can't start with 'aws:'. This prefix is reserved for AWS.")
    return { Key: key, Value: value }
  })
  const seen = new Set<string>()
  for (const tag of tags) {
    const lower = tag.Key.toLowerCase()
    if (seen.has(lower))
      throw invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
    seen.add(lower)
  }
  if (tags.length > maxTags) tooManyTags()
  return tags
}

/** IAM's answer when a role would carry more than 50 tags. */
export const tooManyTags = (): never => {
  throw new ServiceError("LimitExceeded", "The number of tags has reached the maximum limit.", {
    status: 409,
  })
}

/** Tags replaced or added by key (case-insensitively, keeping the new spelling). */
export const mergeTags = (current: ReadonlyArray<IamTag>, added: ReadonlyArray<IamTag>): IamTag[] => {
  const addedKeys = new Set(added.map((t) => t.Key.toLowerCase()))
  return [...current.filter((t) => !addedKeys.has(t.Key.toLowerCase())), ...added]
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` of a request that sets tags, for SCP conditions. */
export const requestTagKeys = (tags: ReadonlyArray<IamTag>): Record<string, ContextValue> =>
  tags.length === 0
    ? {}
    : {
        ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
        "aws:TagKeys": tags.map((t) => t.Key),
      }

/** `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>` of an existing role. */
export const resourceTagKeys = (tags: ReadonlyArray<IamTag>): Record<string, ContextValue> =>
  Object.fromEntries(
    tags.flatMap((t) => [
      [`aws:ResourceTag/${t.Key}`, t.Value],
      [`iam:ResourceTag/${t.Key}`, t.Value],
    ]),
  )
