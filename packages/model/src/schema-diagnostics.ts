import { Result, Schema, SchemaIssue } from "effect"
import { type Diagnostic, formatPath } from "./diagnostic.ts"
import { suggestionFor } from "./suggestion.ts"
import type { YamlSource } from "./yaml-source.ts"

/** Where the decoded value came from, for positions in diagnostics. */
export type DecodeSource = Pick<YamlSource, "file"> & Partial<Pick<YamlSource, "positionOf">>

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

const unknownKeyMarker = "\u0000unknown-key\u0000"

/**
 * Decodes with every problem reported and unknown keys rejected (nothing is dropped silently). Each problem
 * becomes a diagnostic with its path, the value found there, its position in the source and a fix; an unknown
 * key comes with the nearest accepted key.
 */
export const decodeWithDiagnostics = <S extends Schema.Top>(
  schema: S & { readonly DecodingServices: never },
  input: unknown,
  source: DecodeSource,
  codePrefix: string,
): Decoded<S["Type"]> => {
  const result = Schema.decodeUnknownResult(schema)(input, { errors: "all", onExcessProperty: "error" })
  if (Result.isSuccess(result)) return { ok: true, value: result.success }
  const format = SchemaIssue.makeFormatterStandardSchemaV1({
    leafHook: (issue) => {
      if (issue._tag === "UnexpectedKey" && issue.ast._tag === "Objects") {
        return unknownKeyMarker + issue.ast.propertySignatures.map((p) => String(p.name)).join("\u0000")
      }
      if (issue._tag === "MissingKey") return "a required key is missing"
      return SchemaIssue.defaultLeafHook(issue)
    },
  })
  const diagnostics = format(result.failure.issue).issues.map((issue): Diagnostic => {
    const path = (issue.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment))
    const position = source.positionOf?.(path, { key: issue.message.startsWith(unknownKeyMarker) })
    const where = position ? { position } : {}
    if (issue.message.startsWith(unknownKeyMarker)) {
      const allowed = issue.message.slice(unknownKeyMarker.length).split("\u0000")
      const key = String(path[path.length - 1])
      return {
        severity: "error",
        code: `${codePrefix}.unknown-key`,
        file: source.file,
        path: formatPath(path),
        message: `unknown key "${key}"`,
        value: key,
        fix: suggestionFor(key, allowed),
        ...where,
      }
    }
    if (issue.message === "a required key is missing") {
      const key = String(path[path.length - 1])
      const parent = source.positionOf?.(path.slice(0, -1))
      return {
        severity: "error",
        code: `${codePrefix}.missing-key`,
        file: source.file,
        path: formatPath(path),
        message: `"${key}" is required`,
        fix: `add "${key}"`,
        ...(parent ? { position: parent } : {}),
      }
    }
    const value = valueAt(input, path)
    const expected = issue.message.replace(/^Expected /, "")
    // YAML reads unquoted digits as a number, which silently drops an account id's leading zeros.
    const fix =
      typeof value === "number" && expected.startsWith("string")
        ? `quote it: "${value}" (unquoted digits are read as a number)`
        : `change the value to ${expected}`
    return {
      severity: "error",
      code: `${codePrefix}.invalid-value`,
      file: source.file,
      path: formatPath(path),
      message: issue.message.replace(/^Expected/, "expected"),
      value,
      fix,
      ...where,
    }
  })
  return { ok: false, diagnostics }
}

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let node = input
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined
    node = (node as Record<PropertyKey, unknown>)[segment]
  }
  return node
}
