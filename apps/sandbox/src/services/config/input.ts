import type { Input } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"

/*
 * Reading Config's JSON input defensively: the SDKs send well-typed members, but any client may send anything,
 * and a wrong type must become AWS's ValidationException, never a crash.
 */

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/** The error AWS answers for a member of the wrong type or shape. */
export const invalidMember = (name: string, constraint: string): ServiceError =>
  new ServiceError(
    "ValidationException",
    `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: ${constraint}`,
  )

/** An object member, or undefined when absent. */
export const objectMember = (input: Input, name: string): Readonly<Record<string, unknown>> | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidMember(name, "Member must be a structure")
  return value as Readonly<Record<string, unknown>>
}

/** A string member, or undefined when absent or empty. */
export const stringMember = (input: Input, name: string): string | undefined => {
  const value = input[name]
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value !== "string") throw invalidMember(name, "Member must be a string")
  return value
}

/** A list of strings, or undefined when absent. */
export const stringListMember = (input: Input, name: string): ReadonlyArray<string> | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw invalidMember(name, "Member must be a list of strings")
  return value as ReadonlyArray<string>
}

/** A boolean member, or undefined when absent. */
export const booleanMember = (input: Input, name: string): boolean | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "boolean") throw invalidMember(name, "Member must be a boolean")
  return value
}

/** A whole-number member, or undefined when absent. */
export const integerMember = (input: Input, name: string): number | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "number" || !Number.isInteger(value))
    throw invalidMember(name, "Member must be an integer")
  return value
}

/** A list of objects, or undefined when absent. */
export const objectListMember = (
  input: Input,
  name: string,
): ReadonlyArray<Readonly<Record<string, unknown>>> | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== "object" || Array.isArray(v)))
    throw invalidMember(name, "Member must be a list of structures")
  return value as ReadonlyArray<Readonly<Record<string, unknown>>>
}

/** The `ConformancePackInputParameters` list, checked. */
export const packParametersMember = (
  input: Input,
): Array<{ ParameterName: string; ParameterValue: string }> =>
  (objectListMember(input, "ConformancePackInputParameters") ?? []).map((entry) => {
    const name = entry.ParameterName
    const value = entry.ParameterValue
    if (typeof name !== "string" || name === "" || typeof value !== "string")
      throw invalidMember(
        "ConformancePackInputParameters",
        "each entry needs a ParameterName and a ParameterValue string",
      )
    return { ParameterName: name, ParameterValue: value }
  })

/** The error AWS answers for a required member that is missing. */
export const missingMember = (name: string): ServiceError =>
  new ServiceError(
    "ValidationException",
    `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
  )
