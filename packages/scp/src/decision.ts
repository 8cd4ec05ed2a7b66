/** What a policy evaluation concluded. `Unknown` only arises for requests evaluated in an open world. */
export type DecisionKind = "Allow" | "ImplicitDeny" | "ExplicitDeny" | "Unknown"

/** The statement that decided (or helped decide) an evaluation. */
export interface DecidedBy {
  /** The hierarchy level id (`r-root`, `ou-…`, an account id); `identity` or `trust` for single-level evaluations. */
  readonly level: string
  readonly policy: string
  readonly sid?: string
  /** The statement's position in its policy, from 0. */
  readonly statement: number
}

/** The outcome of an evaluation, with what decided it and why in words. */
export interface Decision {
  readonly decision: DecisionKind
  readonly decidedBy: ReadonlyArray<DecidedBy>
  readonly reason: string
  /** Set when SCPs do not apply to the caller at all. */
  readonly exempt?: "management-account" | "service-linked-role"
  /** For ImplicitDeny: the levels with no matching Allow. */
  readonly missingAllowAt?: ReadonlyArray<string>
  /** For Unknown: condition keys whose values would have decided. */
  readonly unknownKeys?: ReadonlyArray<string>
}
