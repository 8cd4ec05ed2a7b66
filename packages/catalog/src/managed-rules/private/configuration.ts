import type { ConfigurationItem } from "@rampart/model"

/*
 * Reading recorded configuration. AWS Config records most types in the describe-API shape with the first letter
 * of each field lowered (`storageEncrypted`), but the types it records through the CloudFormation registry
 * (AWS::Backup::*) keep PascalCase (`IsEncrypted`), and some fields carry odd casings (`dbclusterIdentifier`).
 * Supplementary configuration values often arrive as JSON text. These readers accept all of those shapes so the
 * evaluators can name one field and stay short.
 */

type Fields = Readonly<Record<string, unknown>>

const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const upperFirst = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)

const parseJsonText = (value: unknown): unknown => {
  if (typeof value !== "string") return value
  const text = value.trim()
  if (!text.startsWith("{") && !text.startsWith("[")) return value
  try {
    return JSON.parse(text) as unknown
  } catch {
    return value
  }
}

/** The first of `names` present on `record`, each tried as written and with its first letter raised. */
export const field = (record: unknown, ...names: ReadonlyArray<string>): unknown => {
  const fields = asFields(record)
  if (fields === undefined) return undefined
  for (const name of names) {
    for (const key of [name, upperFirst(name)]) {
      const value = fields[key]
      if (value !== undefined && value !== null) return value
    }
  }
  return undefined
}

/** Follows a chain of field names (`backupPlan`, `backupPlanRule`), tolerating either casing at every step. */
export const fieldPath = (record: unknown, ...names: ReadonlyArray<string>): unknown =>
  names.reduce<unknown>((current, name) => field(current, name), record)

/** An object value, parsing JSON text when Config stored the object as a string. */
export const asFields = (value: unknown): Fields | undefined => {
  const parsed = parseJsonText(value)
  return isFields(parsed) ? parsed : undefined
}

/** An array value, parsing JSON text; a single non-array value becomes a one-element list. */
export const asList = (value: unknown): ReadonlyArray<unknown> => {
  const parsed = parseJsonText(value)
  if (parsed === undefined || parsed === null) return []
  return Array.isArray(parsed) ? parsed : [parsed]
}

/** A boolean, accepting `"true"`/`"false"` text as some recorders write it. */
export const asBoolean = (value: unknown): boolean | undefined => {
  if (typeof value === "boolean") return value
  if (typeof value === "string") {
    const text = value.trim().toLowerCase()
    if (text === "true") return true
    if (text === "false") return false
  }
  return undefined
}

/** A finite number, accepting numeric text. */
export const asNumber = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return undefined
}

/** A non-empty string. */
export const asText = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined

/** A list of non-empty strings (from an array, JSON text or a single string). */
export const asTextList = (value: unknown): ReadonlyArray<string> =>
  asList(value).flatMap((entry) => {
    const text = asText(entry)
    return text === undefined ? [] : [text]
  })

/** A field of the item's `configuration`. */
export const configField = (item: ConfigurationItem, ...names: ReadonlyArray<string>): unknown =>
  field(item.configuration, ...names)

/** A field of the item's `supplementaryConfiguration`. */
export const supplementaryField = (item: ConfigurationItem, ...names: ReadonlyArray<string>): unknown =>
  field(item.supplementaryConfiguration, ...names)

/** How a person recognises the resource in an annotation: its name, else its id. */
export const resourceLabel = (item: ConfigurationItem): string => item.resourceName ?? item.resourceId

/** A recorded value as an annotation shows it: `false`, `0`, `"text"`, or `absent`. */
export const shown = (value: unknown): string => {
  if (value === undefined || value === null) return "absent"
  if (typeof value === "string") return JSON.stringify(value)
  return JSON.stringify(value) ?? String(value)
}
