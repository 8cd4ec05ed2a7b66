import type { ParameterValue } from "@rampart/model"
import { Data } from "effect"

const wholePlaceholder = /^\{\{\s*([A-Za-z][\w.]*)\s*\}\}$/
const placeholderPattern = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g

/** Every `{{name}}` used anywhere in a JSON-like value, with the path where it stands. */
export const placeholdersIn = (
  value: unknown,
  path: ReadonlyArray<PropertyKey> = [],
): ReadonlyArray<{ readonly name: string; readonly path: ReadonlyArray<PropertyKey> }> => {
  if (typeof value === "string")
    return [...value.matchAll(placeholderPattern)].map((m) => ({ name: m[1] ?? "", path }))
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholdersIn(item, [...path, i]))
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [
      ...placeholdersIn(key, [...path, key]),
      ...placeholdersIn(item, [...path, key]),
    ])
  }
  return []
}

/** A placeholder whose value is missing, or a list placed inside a longer string. */
export class RenderError extends Data.TaggedError("RenderError")<{
  readonly placeholder: string
  readonly path: ReadonlyArray<PropertyKey>
  readonly reason: string
}> {
  override get message(): string {
    return `{{${this.placeholder}}} at ${this.path.map(String).join(".") || "(root)"}: ${this.reason}`
  }
}

/**
 * Substitutes placeholders. A string that is only `{{name}}` takes the value itself (a list stays a list, so it
 * can fill a condition's value list); `{{name}}` inside a longer string is interpolated and must be a scalar.
 */
export const renderPlaceholders = (
  value: unknown,
  lookup: (name: string) => ParameterValue | undefined,
  path: ReadonlyArray<PropertyKey> = [],
): unknown => {
  if (typeof value === "string") {
    const whole = wholePlaceholder.exec(value)
    if (whole) {
      const name = whole[1] ?? ""
      const found = lookup(name)
      if (found === undefined) throw new RenderError({ placeholder: name, path, reason: "no value given" })
      return Array.isArray(found) ? [...found] : found
    }
    return value.replace(placeholderPattern, (_, name: string) => {
      const found = lookup(name)
      if (found === undefined) throw new RenderError({ placeholder: name, path, reason: "no value given" })
      if (Array.isArray(found))
        throw new RenderError({
          placeholder: name,
          path,
          reason: "a list cannot be placed inside a longer string",
        })
      return String(found)
    })
  }
  if (Array.isArray(value)) {
    // A whole-placeholder list inside a list is spliced in, so ["a", "{{more}}"] stays flat.
    return value.flatMap((item, i) => {
      const rendered = renderPlaceholders(item, lookup, [...path, i])
      return typeof item === "string" && wholePlaceholder.test(item) && Array.isArray(rendered)
        ? rendered
        : [rendered]
    })
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderPlaceholders(item, lookup, [...path, key])]),
    )
  }
  return value
}
