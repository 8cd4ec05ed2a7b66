import type { ParameterSpec } from "@rampart/model"
import { RuleParameterError } from "../managed-rule.ts"

/*
 * Reading a rule's input parameters. Config passes every value as text and conformance packs often pass an
 * empty string for an unset optional parameter, so blank means "not set" and the spec's documented default
 * (if any) applies. A value that cannot be read throws RuleParameterError naming the rule and the parameter.
 */

type Parameters = Readonly<Record<string, string>>

const rawValue = (parameters: Parameters, spec: ParameterSpec): string | undefined => {
  const value = parameters[spec.name]?.trim()
  return value === undefined || value === "" ? undefined : value
}

const invalid = (rule: string, spec: ParameterSpec, value: string, expected: string): RuleParameterError =>
  new RuleParameterError({ rule, parameter: spec.name, value, expected })

const rangeText = (spec: ParameterSpec): string => {
  if (spec.min !== undefined && spec.max !== undefined) return ` from ${spec.min} to ${spec.max}`
  if (spec.min !== undefined) return ` of at least ${spec.min}`
  if (spec.max !== undefined) return ` of at most ${spec.max}`
  return ""
}

/** A whole-number parameter within the spec's min/max (and `allowedValues` when given), or its default. */
export const integerParameter = (
  rule: string,
  spec: ParameterSpec,
  parameters: Parameters,
  allowedValues?: ReadonlyArray<number>,
): number | undefined => {
  const text = rawValue(parameters, spec)
  if (text === undefined) return typeof spec.default === "number" ? spec.default : undefined
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN
  const inRange =
    Number.isSafeInteger(value) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.max === undefined || value <= spec.max)
  if (!inRange) throw invalid(rule, spec, text, `a whole number${rangeText(spec)}`)
  if (allowedValues !== undefined && !allowedValues.includes(value)) {
    throw invalid(rule, spec, text, `one of ${allowedValues.join(", ")}`)
  }
  return value
}

/** A `true`/`false` parameter (any letter case), or its default. */
export const booleanParameter = (
  rule: string,
  spec: ParameterSpec,
  parameters: Parameters,
): boolean | undefined => {
  const text = rawValue(parameters, spec)
  if (text === undefined) return typeof spec.default === "boolean" ? spec.default : undefined
  const lowered = text.toLowerCase()
  if (lowered === "true") return true
  if (lowered === "false") return false
  throw invalid(rule, spec, text, "true or false")
}

/** A text parameter, restricted to the spec's `allowed` values when it lists some, or its default. */
export const textParameter = (
  rule: string,
  spec: ParameterSpec,
  parameters: Parameters,
): string | undefined => {
  const text = rawValue(parameters, spec)
  if (text === undefined) return typeof spec.default === "string" ? spec.default : undefined
  if (spec.allowed !== undefined) {
    const match = spec.allowed.find((allowed) => allowed.toLowerCase() === text.toLowerCase())
    if (match === undefined) throw invalid(rule, spec, text, `one of ${spec.allowed.join(", ")}`)
    return match
  }
  return text
}

/** A comma-separated parameter as a list of trimmed, non-empty entries, or its default. */
export const listParameter = (
  rule: string,
  spec: ParameterSpec,
  parameters: Parameters,
): ReadonlyArray<string> | undefined => {
  const text = rawValue(parameters, spec)
  if (text === undefined) return Array.isArray(spec.default) ? spec.default : undefined
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
  if (entries.length === 0) throw invalid(rule, spec, text, "a comma-separated list with at least one entry")
  return entries
}
