import type { Diagnostic } from "@rampart/model"
import type { Hierarchy, NamedPolicy } from "../hierarchy.ts"
import { parsePolicyText } from "../parse.ts"
import { currentQuotas } from "../quotas.ts"
import type { DocumentCheck, LintContext, LintSubject } from "./lint-check.ts"

/*
 * Helpers for the lint tests: policies are written as JSON text, parsed with the SCP grammar, and linted with the
 * current quotas unless a test says otherwise.
 */

export const context: LintContext = { quotas: currentQuotas }

/** A linted subject from a document value (written as pretty JSON) or from exact text. */
export const subjectOf = (document: unknown, options: { text?: string; name?: string } = {}): LintSubject => {
  const text = options.text ?? JSON.stringify(document, null, 2)
  const parsed = parsePolicyText(text, { kind: "scp", file: "policy.json" })
  if (parsed.document === undefined) {
    throw new Error(
      `test policy does not parse: ${parsed.diagnostics.map((d) => `${d.path} ${d.message}`).join("; ")}`,
    )
  }
  return { name: options.name ?? "test-policy", file: "policy.json", text, document: parsed.document }
}

/** A policy of the given statements. */
export const policyOf = (...statements: ReadonlyArray<unknown>) => ({
  Version: "2012-10-17",
  Statement: statements,
})

/** Runs one document check on a document value. */
export const run = (
  check: DocumentCheck,
  document: unknown,
  ctx: LintContext = context,
): ReadonlyArray<Diagnostic> => check.check(subjectOf(document), ctx)

/** FullAWSAccess as AWS attaches it, and a deny-only guardrail, for hierarchy tests. */
export const fullAwsAccess: NamedPolicy = {
  name: "FullAWSAccess",
  document: {
    version: "2012-10-17",
    statements: [{ index: 0, effect: "Allow", action: ["*"], resource: ["*"] }],
  },
}

/** A Rampart guardrail: deny-only, as every catalog SCP is. */
export const guardrail = (name: string): NamedPolicy => ({
  name,
  document: {
    version: "2012-10-17",
    statements: [{ index: 0, effect: "Deny", action: ["organizations:LeaveOrganization"], resource: ["*"] }],
  },
})

/** A path root -> OUs -> account with the given policies at each level. */
export const hierarchyOf = (...levels: ReadonlyArray<ReadonlyArray<NamedPolicy>>): Hierarchy => ({
  levels: levels.map((policies, i) => ({
    id: i === 0 ? "r-root" : i === levels.length - 1 ? "111122223333" : `ou-root-level${i}`,
    policies,
  })),
})
