import type { Input } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { paginate } from "../pagination.ts"

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/** IAM's wording for an input that breaks a model constraint (code ValidationError, status 400). */
export const constraintError = (field: string, value: unknown, constraint: string): ServiceError =>
  new ServiceError(
    "ValidationError",
    `1 validation error detected: Value '${String(value)}' at '${lowerFirst(field)}' failed to satisfy constraint: ${constraint}`,
  )

/** Role, policy and inline policy names: `[\w+=,.@-]+`, up to `max` characters. */
export const requireName = (input: Input, field: string, max: number): string => {
  const value = requireString(input, field, "ValidationError")
  if (value.length > max)
    throw constraintError(field, value, `Member must have length less than or equal to ${max}`)
  if (!/^[\w+=,.@-]+$/.test(value))
    throw constraintError(field, value, "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
  return value
}

/** A path (`/` or `/a/b/`), `/` when not given. */
export const optionalPath = (input: Input, field = "Path"): string => {
  const value = input[field]
  if (value === undefined) return "/"
  if (typeof value !== "string" || value.length > 512 || !/^(\/|\/[\u0021-\u007E]+\/)$/.test(value))
    throw constraintError(
      field,
      value,
      "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    )
  return value
}

/** A path prefix filter of a List call (`/` matches everything). */
export const optionalPathPrefix = (input: Input): string => {
  const value = input.PathPrefix
  if (value === undefined) return "/"
  if (typeof value !== "string" || value.length > 512 || !/^\/[\u0021-\u007F]*$/.test(value))
    throw constraintError(
      "PathPrefix",
      value,
      "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*",
    )
  return value
}

/** An optional free text (descriptions) up to `max` characters. */
export const optionalText = (input: Input, field: string, max: number): string | undefined => {
  const value = input[field]
  if (value === undefined) return undefined
  if (typeof value !== "string") throw constraintError(field, value, "Member must be a string")
  if (value.length > max)
    throw constraintError(field, value, `Member must have length less than or equal to ${max}`)
  return value
}

/** An optional whole number within `min..max` (awsQuery sends numbers as text). */
export const optionalInteger = (
  input: Input,
  field: string,
  min: number,
  max: number,
): number | undefined => {
  const raw = input[field]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || (typeof raw === "string" && raw.trim() === ""))
    throw constraintError(field, raw, "Member must be a whole number")
  if (value < min) throw constraintError(field, raw, `Member must have value greater than or equal to ${min}`)
  if (value > max) throw constraintError(field, raw, `Member must have value less than or equal to ${max}`)
  return value
}

/** An optional boolean (`true`/`false` as awsQuery sends them). */
export const optionalBoolean = (input: Input, field: string): boolean | undefined => {
  const raw = input[field]
  if (raw === undefined) return undefined
  if (raw === true || raw === "true") return true
  if (raw === false || raw === "false") return false
  throw constraintError(field, raw, "Member must be true or false")
}

/** A list parameter; awsQuery writes an empty list as the bare name with an empty value. */
export const listOf = (input: Input, field: string): ReadonlyArray<unknown> | undefined => {
  const raw = input[field]
  if (raw === undefined) return undefined
  if (raw === "") return []
  if (!Array.isArray(raw)) throw constraintError(field, raw, "Member must be a list")
  return raw
}

/** One page of an IAM list and the fields IAM answers beside it. */
export interface IamPage<T> {
  readonly items: ReadonlyArray<T>
  readonly IsTruncated: boolean
  readonly Marker?: string
}

/**
 * Pages a list as IAM does: `MaxItems` from 1 to 1000 (100 when not given), an opaque `Marker` to resume, and
 * `IsTruncated` always answered.
 */
export const iamPage = <T>(items: ReadonlyArray<T>, input: Input): IamPage<T> => {
  const size = optionalInteger(input, "MaxItems", 1, 1000) ?? 100
  const page = paginate(
    items,
    { MaxItems: size, Marker: input.Marker },
    { limit: 1000, sizeField: "MaxItems", tokenField: "Marker", invalidTokenCode: "ValidationError" },
  )
  return page.nextToken === undefined
    ? { items: page.items, IsTruncated: false }
    : { items: page.items, IsTruncated: true, Marker: page.nextToken }
}
