import { type Diagnostic, formatPath, parseYamlText, type SourcePosition } from "@rampart/model"
import { codeOf, type LintContext, type LintRule, type LintSubject } from "../lint-check.ts"

/** What a check says about one place in a document. */
export interface FindingInput {
  readonly severity: "error" | "warning"
  /** Path inside the document as parsed: `["Statement", 2, "Condition", "Bool", "rds:StorageEncrypted"]`. */
  readonly at: ReadonlyArray<PropertyKey>
  readonly message: string
  readonly value?: unknown
  readonly fix: string
}

/** Where a finding stands in the text: the path as written, and its line and column. */
interface Located {
  readonly at: ReadonlyArray<PropertyKey>
  readonly position?: SourcePosition
}

type Locate = (at: ReadonlyArray<PropertyKey>) => Located

const locators = new WeakMap<LintSubject, Locate>()

/**
 * Maps a path of the parsed document to the text as written. The parser turns a single statement into a list and
 * single values into one-element lists; those indices are dropped again, so the path and position name what the
 * author wrote. Without text the path stays as parsed.
 */
const locatorFor = (subject: LintSubject): Locate => {
  const known = locators.get(subject)
  if (known) return known
  let locate: Locate = (at) => ({ at })
  if (subject.text !== undefined) {
    const parsed = parseYamlText(subject.text, subject.file)
    if (parsed.ok) {
      const { source } = parsed
      locate = (at) => {
        const written: PropertyKey[] = []
        let node: unknown = source.value
        for (const segment of at) {
          if (typeof segment === "number" && !Array.isArray(node)) continue
          written.push(segment)
          node = Array.isArray(node)
            ? node[segment as number]
            : node !== null && typeof node === "object"
              ? (node as Record<string, unknown>)[String(segment)]
              : undefined
        }
        if (written.length === 0) return { at: written, position: { line: 1, column: 1 } }
        const position = source.positionOf(written, { key: typeof written[written.length - 1] !== "number" })
        return position ? { at: written, position } : { at: written }
      }
    }
  }
  locators.set(subject, locate)
  return locate
}

/** A diagnostic of `rule` about `subject`, with the line and column when the subject has its text. */
export const finding = (
  rule: Pick<LintRule, "name">,
  subject: LintSubject,
  input: FindingInput,
): Diagnostic => {
  const { at, position } = locatorFor(subject)(input.at)
  return {
    severity: input.severity,
    code: codeOf(rule),
    file: subject.file,
    path: formatPath(at),
    message: input.message,
    fix: input.fix,
    ...(input.value === undefined ? {} : { value: input.value }),
    ...(position ? { position } : {}),
  }
}

/** The file findings about the hierarchy name when the caller does not say. */
export const defaultHierarchyFile = "organization"

/** A diagnostic of `rule` about the hierarchy; `at` is a path such as `["levels", 2, "policies"]`. */
export const hierarchyFinding = (
  rule: Pick<LintRule, "name">,
  context: LintContext,
  input: FindingInput,
): Diagnostic => ({
  severity: input.severity,
  code: codeOf(rule),
  file: context.hierarchyFile ?? defaultHierarchyFile,
  path: formatPath(input.at),
  message: input.message,
  fix: input.fix,
  ...(input.value === undefined ? {} : { value: input.value }),
})
