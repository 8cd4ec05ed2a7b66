import { invalidParameter, missingParameter } from "./errors.ts"

/*
 * Reading request members. Body members arrive typed by JSON, query members as text, and anything may be
 * missing or of the wrong type: every reader checks and throws Backup's own error naming the member, so a
 * handler never crashes on bad input. `at` is where the record sits in the request (`BackupPlan.Rules[0]`), for
 * the error message.
 */

type Fields = Readonly<Record<string, unknown>>

/** The full name of a member, for errors: `BackupPlan.Rules[0].RuleName`. */
export const memberPath = (at: string, key: string): string => (at === "" ? key : `${at}.${key}`)

/** A nested structure, or undefined when absent. */
export const readStructure = (record: Fields, key: string, at = ""): Fields | undefined => {
  const value = record[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidParameter(memberPath(at, key), "must be a structure.")
  return value as Fields
}

/** A list of structures (an absent list is empty). */
export const readStructureList = (record: Fields, key: string, at = ""): ReadonlyArray<Fields> => {
  const value = record[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw invalidParameter(memberPath(at, key), "must be a list.")
  return value.map((entry, index) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      throw invalidParameter(`${memberPath(at, key)}[${index}]`, "must be a structure.")
    return entry as Fields
  })
}

/** A text member that may be absent (an empty string counts as absent). */
export const optionalString = (record: Fields, key: string, at = ""): string | undefined => {
  const value = record[key]
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value !== "string") throw invalidParameter(memberPath(at, key), "must be a string.")
  return value
}

/** A text member that must be present. */
export const requiredString = (record: Fields, key: string, at = ""): string => {
  const value = optionalString(record, key, at)
  if (value === undefined) throw missingParameter(memberPath(at, key))
  return value
}

/** A whole number (JSON number, or text from the query string) within bounds, or undefined when absent. */
export const optionalInteger = (
  record: Fields,
  key: string,
  bounds: { readonly min?: number; readonly max?: number } = {},
  at = "",
): number | undefined => {
  const value = record[key]
  if (value === undefined || value === null || value === "") return undefined
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN
  const name = memberPath(at, key)
  if (!Number.isInteger(number))
    throw invalidParameter(name, `${JSON.stringify(value)} is not a whole number.`)
  if (bounds.min !== undefined && number < bounds.min)
    throw invalidParameter(name, `${number} is less than the minimum of ${bounds.min}.`)
  if (bounds.max !== undefined && number > bounds.max)
    throw invalidParameter(name, `${number} is greater than the maximum of ${bounds.max}.`)
  return number
}

/** A boolean (JSON, or `true`/`false` from the query string), or undefined when absent. */
export const optionalBoolean = (record: Fields, key: string, at = ""): boolean | undefined => {
  const value = record[key]
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value === "boolean") return value
  if (value === "true") return true
  if (value === "false") return false
  throw invalidParameter(memberPath(at, key), `${JSON.stringify(value)} is not a boolean.`)
}

/**
 * An instant in epoch milliseconds: ISO 8601 text (how the SDK writes timestamps in a query string) or epoch
 * seconds (how JSON bodies carry them).
 */
export const optionalInstant = (record: Fields, key: string, at = ""): number | undefined => {
  const value = record[key]
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value === "number" && Number.isFinite(value)) return value * 1000
  if (typeof value === "string") {
    const seconds = Number(value)
    if (value.trim() !== "" && Number.isFinite(seconds)) return seconds * 1000
    const parsed = Date.parse(value)
    if (!Number.isNaN(parsed)) return parsed
  }
  throw invalidParameter(memberPath(at, key), `${JSON.stringify(value)} is not a timestamp.`)
}

/** A list of strings (absent is empty). */
export const stringList = (record: Fields, key: string, at = ""): ReadonlyArray<string> => {
  const value = record[key]
  if (value === undefined || value === null) return []
  const name = memberPath(at, key)
  if (!Array.isArray(value)) throw invalidParameter(name, "must be a list of strings.")
  return value.map((entry, index) => {
    if (typeof entry !== "string") throw invalidParameter(`${name}[${index}]`, "must be a string.")
    return entry
  })
}

/** A string-to-string map such as tags (absent is empty). */
export const stringMap = (record: Fields, key: string, at = ""): Readonly<Record<string, string>> => {
  const value = readStructure(record, key, at) ?? {}
  for (const [name, entry] of Object.entries(value))
    if (typeof entry !== "string")
      throw invalidParameter(`${memberPath(at, key)}.${name}`, "must be a string.")
  return value as Readonly<Record<string, string>>
}
