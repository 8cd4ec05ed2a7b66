/** A condition key's value: one string, or several for multi-valued keys (`aws:TagKeys`). */
export type ContextValue = string | ReadonlyArray<string>

/** One API request as the policy engine sees it. */
export interface Request {
  /** `service:Action`, e.g. `rds:CreateDBInstance`. */
  readonly action: string
  /** The resource ARN; `*` when the action has no resource. */
  readonly resource?: string
  readonly principalArn: string
  /** The account the principal belongs to. */
  readonly account: string
  readonly region?: string
  /** Condition keys and their values; keys are matched case-insensitively. */
  readonly context: Readonly<Record<string, ContextValue>>
  /**
   * `closed` (the default): a key missing from `context` is absent from the request. `open`: a key missing from
   * `context` is not known (replayed events carry only what CloudTrail recorded), so conditions on it are
   * undecided and so may be the decision.
   */
  readonly world?: "closed" | "open"
  /** In an open world: keys known to be absent (the request carried no such parameter). */
  readonly absentKeys?: ReadonlyArray<string>
}
