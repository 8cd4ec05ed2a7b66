import { ScenarioError } from "../../scenario/scenario-error.ts"
import { ServiceError } from "../../service-error.ts"

/*
 * Reading a scenario section by hand, so that every problem is reported with its exact place
 * (`resources.backup[0].vaults[1].lock.changeableForDays`) and unknown keys (typos) are refused rather than
 * silently ignored.
 */

export type Fields = Readonly<Record<string, unknown>>

/** A mapping, with only the `allowed` keys. */
export const mapping = (value: unknown, path: string, allowed: ReadonlyArray<string>): Fields => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ScenarioError(path, "must be a mapping")
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      throw new ScenarioError(`${path}.${key}`, `unknown key; expected one of ${allowed.join(", ")}`)
  return value as Fields
}

/** A list (absent is empty). */
export const list = (value: unknown, path: string): ReadonlyArray<unknown> => {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ScenarioError(path, "must be a list")
  return value
}

export const optionalText = (record: Fields, key: string, path: string): string | undefined => {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== "string" || value === "")
    throw new ScenarioError(`${path}.${key}`, "must be a non-empty string")
  return value
}

export const requiredText = (record: Fields, key: string, path: string): string => {
  const value = optionalText(record, key, path)
  if (value === undefined) throw new ScenarioError(`${path}.${key}`, "is required")
  return value
}

export const optionalWholeNumber = (record: Fields, key: string, path: string): number | undefined => {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw new ScenarioError(`${path}.${key}`, "must be a whole number of 0 or more")
  return value
}

export const optionalFlag = (record: Fields, key: string, path: string): boolean | undefined => {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== "boolean") throw new ScenarioError(`${path}.${key}`, "must be true or false")
  return value
}

export const textList = (record: Fields, key: string, path: string): ReadonlyArray<string> =>
  list(record[key], `${path}.${key}`).map((entry, index) => {
    if (typeof entry !== "string") throw new ScenarioError(`${path}.${key}[${index}]`, "must be a string")
    return entry
  })

/** A string-to-string mapping such as tags (absent is empty). */
export const textMap = (record: Fields, key: string, path: string): Readonly<Record<string, string>> => {
  const value = record[key]
  if (value === undefined) return {}
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ScenarioError(`${path}.${key}`, "must be a mapping of strings")
  for (const [name, entry] of Object.entries(value))
    if (typeof entry !== "string") throw new ScenarioError(`${path}.${key}.${name}`, "must be a string")
  return value as Readonly<Record<string, string>>
}

/** Runs `build`, turning the Backup error it throws (the API's own checks) into a ScenarioError at `path`. */
export const at = <T>(path: string, build: () => T): T => {
  try {
    return build()
  } catch (error) {
    if (error instanceof ServiceError) throw new ScenarioError(path, error.message)
    throw error
  }
}
