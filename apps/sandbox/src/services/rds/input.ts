import type { Input } from "../../operation.ts"
import { invalidValue, missingParameter } from "./errors.ts"
import type { Tag } from "./state.ts"

/*
 * Reading awsQuery parameters: every value arrives as text (`MultiAZ=true`, `BackupRetentionPeriod=7`) or as a
 * list decoded from `Name.member.N`. Anything malformed is refused with InvalidParameterValue naming the field,
 * so handlers never see a value of the wrong type.
 */

/** An optional text parameter (empty text counts as absent). */
export const optionalText = (input: Input, name: string): string | undefined => {
  const value = input[name]
  if (value === undefined || value === "") return undefined
  if (typeof value !== "string") throw invalidValue(`The parameter ${name} must be a single text value.`)
  return value
}

/** A required text parameter. */
export const requiredText = (input: Input, name: string): string => {
  const value = optionalText(input, name)
  if (value === undefined) throw missingParameter(name)
  return value
}

/** An optional boolean parameter (`true` / `false`, any case). */
export const optionalBoolean = (input: Input, name: string): boolean | undefined => {
  const value = optionalText(input, name)
  if (value === undefined) return undefined
  const lower = value.toLowerCase()
  if (lower === "true") return true
  if (lower === "false") return false
  throw invalidValue(`Invalid value ${value} for ${name}: it must be true or false.`)
}

/** An optional whole-number parameter within `min`..`max`. */
export const optionalInteger = (
  input: Input,
  name: string,
  range: { readonly min: number; readonly max: number },
): number | undefined => {
  const value = optionalText(input, name)
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^-?\d+$/.test(value.trim()) || number < range.min || number > range.max)
    throw invalidValue(
      `Invalid value ${value} for ${name}: it must be a whole number from ${range.min} to ${range.max}.`,
    )
  return number
}

/** A list of text values (`Name.member.N`); a single value counts as a one-element list. */
export const textList = (input: Input, name: string): string[] | undefined => {
  const value = input[name]
  if (value === undefined) return undefined
  const list = Array.isArray(value) ? value : [value]
  return list.map((item, index) => {
    if (typeof item !== "string")
      throw invalidValue(`The parameter ${name} member ${index + 1} must be text.`)
    return item
  })
}

/** An object parameter (`CloudwatchLogsExportConfiguration.EnableLogTypes...`). */
export const structure = (input: Input, name: string): Input | undefined => {
  const value = input[name]
  if (value === undefined) return undefined
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalidValue(`The parameter ${name} must be a structure.`)
  return value as Input
}

/** `Tags.Tag.N.Key` / `.Value`, validated as RDS does: keys up to 128 characters, not starting with `aws:`. */
export const tagList = (input: Input, name = "Tags"): Tag[] => {
  const value = input[name]
  if (value === undefined) return []
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${name} must be a list of tags.`)
  return value.map((item, index) => {
    const key = item !== null && typeof item === "object" ? (item as Input).Key : undefined
    const tagValue = item !== null && typeof item === "object" ? ((item as Input).Value ?? "") : undefined
    if (typeof key !== "string" || key === "" || key.length > 128 || typeof tagValue !== "string")
      throw invalidValue(`${name} member ${index + 1} needs a Key of 1 to 128 characters and a text Value.`)
    if (key.toLowerCase().startsWith("aws:"))
      throw invalidValue(
        `${name} member ${index + 1}: tag keys starting with "aws:" are reserved for AWS use.`,
      )
    if (tagValue.length > 256)
      throw invalidValue(`${name} member ${index + 1}: the Value is longer than 256 characters.`)
    return { Key: key, Value: tagValue }
  })
}

/** Merges tags: later values win for the same key, order of first appearance kept. */
export const mergeTags = (current: ReadonlyArray<Tag>, added: ReadonlyArray<Tag>): Tag[] => {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]))
  for (const tag of added) merged.set(tag.Key, tag.Value)
  return [...merged].map(([Key, Value]) => ({ Key, Value }))
}

/**
 * `Filters.Filter.N.Name` / `.Values.Value.M`, checked against the filter names the operation supports (AWS
 * refuses others). Returns filter name -> accepted values.
 */
export const filterList = (input: Input, supported: ReadonlyArray<string>): Map<string, string[]> => {
  const value = input.Filters
  const filters = new Map<string, string[]>()
  if (value === undefined) return filters
  if (!Array.isArray(value)) throw invalidValue("The parameter Filters must be a list of filters.")
  value.forEach((item, index) => {
    const filter = item !== null && typeof item === "object" ? (item as Input) : {}
    const filterName = filter.Name
    if (typeof filterName !== "string" || filterName === "")
      throw invalidValue(`Filters member ${index + 1} needs a Name.`)
    if (!supported.includes(filterName))
      throw invalidValue(`Unrecognized filter name: ${filterName}. Supported: ${supported.join(", ")}.`)
    const values = textList(filter, "Values") ?? []
    if (values.length === 0) throw invalidValue(`Filters member ${index + 1} (${filterName}) needs Values.`)
    filters.set(filterName, [...(filters.get(filterName) ?? []), ...values])
  })
  return filters
}

const identifierRule =
  "must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens"

/**
 * A DB instance, cluster or snapshot identifier as RDS accepts it (1 to `maxLength` letters, digits and hyphens,
 * starting with a letter, no `--`, no trailing hyphen), lower-cased as RDS stores it.
 */
export const validIdentifier = (name: string, value: string, maxLength = 63): string => {
  if (
    value.length > maxLength ||
    !/^[A-Za-z][A-Za-z0-9-]*$/.test(value) ||
    value.endsWith("-") ||
    value.includes("--")
  )
    throw invalidValue(
      `The parameter ${name} is not a valid identifier. Identifiers ${identifierRule}, and be at most ${maxLength} characters.`,
    )
  return value.toLowerCase()
}

/** A required identifier parameter, validated and lower-cased. */
export const requiredIdentifier = (input: Input, name: string, maxLength = 63): string =>
  validIdentifier(name, requiredText(input, name), maxLength)

/** Validates MaxRecords (20 to 100, as RDS requires) before paging. */
export const checkMaxRecords = (input: Input): void => {
  optionalInteger(input, "MaxRecords", { min: 20, max: 100 })
}
