import type { PolicyDocument } from "./policy.ts"

/** A policy attached at a level, by name. */
export interface NamedPolicy {
  readonly name: string
  readonly document: PolicyDocument
}

/** One level of the path from the root to an account: the root, an OU, or the account itself. */
export interface HierarchyLevel {
  readonly id: string
  readonly policies: ReadonlyArray<NamedPolicy>
}

/** The SCPs that apply to one account: root first, the account last. */
export interface Hierarchy {
  readonly managementAccountId?: string
  readonly levels: ReadonlyArray<HierarchyLevel>
}
