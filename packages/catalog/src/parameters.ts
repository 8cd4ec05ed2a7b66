import type { Diagnostic, ParameterSpec, ParameterValue } from "@rampart/model"
import { suggestionFor } from "@rampart/model"
import { renderPlaceholders } from "./placeholder.ts"

/** Where parameter values were written, for diagnostics. */
export interface ParameterSite {
  readonly file: string
  readonly path: string
}

/**
 * Checks values given to a guardrail against its parameter specs: unknown names, wrong types, values outside the
 * allowed set or range. Conformance pack parameters are strings to Config, so numbers and booleans are accepted
 * for them as their text.
 */
export const checkParameters = (
  guardrailId: string,
  specs: ReadonlyArray<ParameterSpec>,
  values: Readonly<Record<string, unknown>>,
  site: ParameterSite,
  options: { readonly scalarsAsText?: boolean } = {},
): ReadonlyArray<Diagnostic> => {
  const problems: Diagnostic[] = []
  const names = specs.map((s) => s.name)
  for (const [name, value] of Object.entries(values)) {
    const at = `${site.path}.${name}`
    const spec = specs.find((s) => s.name === name)
    const fail = (message: string, fix: string) =>
      problems.push({
        severity: "error",
        code: "config.parameter",
        file: site.file,
        path: at,
        message,
        value,
        fix,
      })
    if (!spec) {
      fail(
        `${guardrailId} has no parameter "${name}"`,
        names.length > 0 ? suggestionFor(name, names) : `${guardrailId} takes no parameters: remove it`,
      )
      continue
    }
    const kind = Array.isArray(value)
      ? value.every((item) => typeof item === "string")
        ? "string-list"
        : "list"
      : value === null
        ? "null"
        : typeof value
    const accepts =
      spec.type === "string" && options.scalarsAsText ? ["string", "number", "boolean"] : [spec.type]
    if (!accepts.includes(kind)) {
      fail(
        `${name} must be ${describeType(spec.type)}, not ${describeType(kind)}`,
        `write ${name} as ${example(spec)}`,
      )
      continue
    }
    if (spec.allowed && typeof value === "string" && !spec.allowed.includes(value)) {
      fail(`${name} must be one of ${spec.allowed.join(", ")}`, suggestionFor(value, spec.allowed))
    }
    if (
      typeof value === "number" &&
      ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
    ) {
      fail(
        `${name} must be between ${spec.min ?? "-∞"} and ${spec.max ?? "∞"}`,
        `choose a value in that range`,
      )
    }
  }
  return problems
}

/** The values a guardrail renders with: what was given, the defaults for the rest (defaults may use context). */
export const parameterValues = (
  specs: ReadonlyArray<ParameterSpec>,
  given: Readonly<Record<string, ParameterValue>>,
  context: Readonly<Record<string, string>>,
): Readonly<Record<string, ParameterValue>> =>
  Object.fromEntries(
    specs.flatMap((spec) => {
      const value = given[spec.name] ?? spec.default
      if (value === undefined) return []
      return [[spec.name, renderPlaceholders(value, (name) => context[name]) as ParameterValue]]
    }),
  )

const describeType = (type: string): string =>
  ({
    string: "a string",
    "string-list": "a list of strings",
    list: "a list with items other than strings",
    number: "a number",
    boolean: "true or false",
    object: "a mapping",
    null: "empty",
  })[type] ?? type

const example = (spec: ParameterSpec): string =>
  spec.default !== undefined
    ? JSON.stringify(spec.default)
    : ((
        { string: '"text"', "string-list": '["a", "b"]', number: "7", boolean: "true" } as Record<
          string,
          string
        >
      )[spec.type] ?? "a value")
