/** What a gate of a wave decided, and why, in a sentence a person reads in the rollout's status. */
export interface GateDecision {
  readonly gate: "impact" | "scp-denials" | "compliance-regression" | "error-budget"
  readonly passed: boolean
  readonly reason: string
}
