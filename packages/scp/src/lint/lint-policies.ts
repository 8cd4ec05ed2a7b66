import type { Diagnostic } from "@rampart/model"
import type { LintCheck, LintContext, LintSubject } from "./lint-check.ts"
import { documentSize } from "./private/document-size.ts"
import { lintChecks } from "./registry.ts"

/** One linted document and its size as the quota counts it. */
export interface LintedDocument {
  readonly name: string
  readonly file: string
  /** Characters of the text as given (of the compact JSON when there is no text). */
  readonly characters: number
  /** Characters once minified, which is what Rampart sends. */
  readonly minifiedCharacters: number
}

/** Everything the linter found, and the size of every document it read. */
export interface LintReport {
  readonly diagnostics: ReadonlyArray<Diagnostic>
  readonly documents: ReadonlyArray<LintedDocument>
}

/**
 * Runs the document checks on every subject and, when the context has a hierarchy, the hierarchy checks once.
 * Pure: the same subjects and context give the same report.
 */
export const lintPolicies = (
  subjects: ReadonlyArray<LintSubject>,
  context: LintContext,
  checks: ReadonlyArray<LintCheck> = lintChecks,
): LintReport => {
  const diagnostics: Diagnostic[] = []
  for (const subject of subjects) {
    for (const check of checks)
      if (check.kind === "document") diagnostics.push(...check.check(subject, context))
  }
  const { hierarchy } = context
  if (hierarchy !== undefined) {
    for (const check of checks)
      if (check.kind === "hierarchy") diagnostics.push(...check.check(hierarchy, context))
  }
  return {
    diagnostics,
    documents: subjects.map((subject) => ({
      name: subject.name,
      file: subject.file,
      ...documentSize(subject),
    })),
  }
}
