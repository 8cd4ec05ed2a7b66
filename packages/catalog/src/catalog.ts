import type { Guardrail } from "./guardrail.ts"
import type { ManagedRule } from "./managed-rules/index.ts"

/** The loaded catalog: every guardrail by id, and the managed rules Rampart can evaluate. */
export interface Catalog {
  readonly guardrails: ReadonlyArray<Guardrail>
  readonly byId: ReadonlyMap<string, Guardrail>
  readonly managedRules: ReadonlyMap<string, ManagedRule>
}
