import type { Diagnostic } from "@rampart/model"
import type { Hierarchy } from "../hierarchy.ts"
import type { PolicyDocument } from "../policy.ts"
import type { ScpQuotas } from "../quotas.ts"

/** One SCP to lint: its name, where it comes from, the text that would be sent and the parsed document. */
export interface LintSubject {
  readonly name: string
  readonly file: string
  /** The text exactly as it would be sent to AWS; undefined when the document was built in memory. */
  readonly text?: string
  readonly document: PolicyDocument
}

/** What the checks may consult besides the document: the quotas in force and, optionally, the tree. */
export interface LintContext {
  readonly quotas: ScpQuotas
  /** The SCPs attached on the path root -> OUs -> account, for the checks of slots and depth. */
  readonly hierarchy?: Hierarchy
  /** Names of the policies Rampart manages; every other attached policy (FullAWSAccess too) is foreign. */
  readonly ownedPolicyNames?: ReadonlySet<string>
  /** The file findings about the hierarchy are reported against (a snapshot, rampart.yaml); default `organization`. */
  readonly hierarchyFile?: string
}

/** What every check declares about itself: the rule a report (or SARIF) describes. */
export interface LintRule {
  /** Short kebab-case name; diagnostics carry the code `scp.<name>`. */
  readonly name: string
  /** The most severe level the check reports. */
  readonly level: "error" | "warning"
  /** One sentence: what is wrong when the check fires. */
  readonly summary: string
  /** Why it matters, in a few sentences. */
  readonly description: string
  /** What to do about it. */
  readonly help: string
}

/** A check of one policy document on its own. */
export interface DocumentCheck extends LintRule {
  readonly kind: "document"
  readonly check: (subject: LintSubject, context: LintContext) => ReadonlyArray<Diagnostic>
}

/** A check of the SCPs attached along the path from the root to an account. */
export interface HierarchyCheck extends LintRule {
  readonly kind: "hierarchy"
  readonly check: (hierarchy: Hierarchy, context: LintContext) => ReadonlyArray<Diagnostic>
}

/** Any lint check; the registry in `index.ts` lists them. */
export type LintCheck = DocumentCheck | HierarchyCheck

/** The diagnostic code of a check. */
export const codeOf = (rule: Pick<LintRule, "name">): string => `scp.${rule.name}`
