import type { Input } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { paginate } from "../pagination.ts"

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/** KMS's wording for an input that breaks a model constraint (ValidationException). */
export const constraintError = (field: string, value: unknown, constraint: string): ServiceError =>
  new ServiceError(
    "ValidationException",
    `1 validation error detected: Value '${typeof value === "string" ? value : JSON.stringify(value)}' at '${lowerFirst(field)}' failed to satisfy constraint: ${constraint}`,
  )

/** An optional whole number within `min..max`. */
export const optionalInteger = (
  input: Input,
  field: string,
  min: number,
  max: number,
): number | undefined => {
  const raw = input[field]
  if (raw === undefined || raw === null) return undefined
  const value = typeof raw === "number" ? raw : Number.NaN
  if (!Number.isInteger(value)) throw constraintError(field, raw, "Member must be a whole number")
  if (value < min) throw constraintError(field, raw, `Member must have value greater than or equal to ${min}`)
  if (value > max) throw constraintError(field, raw, `Member must have value less than or equal to ${max}`)
  return value
}

/** An optional string of at most `max` characters. */
export const optionalString = (input: Input, field: string, max: number): string | undefined => {
  const raw = input[field]
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== "string") throw constraintError(field, raw, "Member must be a string")
  if (raw.length > max)
    throw constraintError(field, raw, `Member must have length less than or equal to ${max}`)
  return raw
}

/** An optional boolean. */
export const optionalBoolean = (input: Input, field: string): boolean | undefined => {
  const raw = input[field]
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== "boolean") throw constraintError(field, raw, "Member must be a boolean")
  return raw
}

/** One value of an enumeration, or the default. */
export const optionalEnum = <T extends string>(
  input: Input,
  field: string,
  values: ReadonlyArray<T>,
): T | undefined => {
  const raw = input[field]
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== "string" || !values.includes(raw as T))
    throw constraintError(field, raw, `Member must satisfy enum value set: [${values.join(", ")}]`)
  return raw as T
}

/** One page of a KMS list and the fields KMS answers beside it. */
export interface KmsPage<T> {
  readonly items: ReadonlyArray<T>
  readonly Truncated: boolean
  readonly NextMarker?: string
}

/**
 * Pages a list as KMS does: `Limit` from 1 to `max` (`fallback` when not given), `Marker` to resume, `Truncated`
 * always answered and `NextMarker` while more follow. A marker KMS did not hand out is InvalidMarkerException.
 */
export const kmsPage = <T>(
  items: ReadonlyArray<T>,
  input: Input,
  max: number,
  fallback: number,
): KmsPage<T> => {
  const limit = optionalInteger(input, "Limit", 1, max) ?? fallback
  const marker = optionalString(input, "Marker", 1024)
  const page = paginate(
    items,
    { Limit: limit, Marker: marker },
    { limit: max, sizeField: "Limit", tokenField: "Marker", invalidTokenCode: "InvalidMarkerException" },
  )
  return page.nextToken === undefined
    ? { items: page.items, Truncated: false }
    : { items: page.items, Truncated: true, NextMarker: page.nextToken }
}
