import type { Target } from "./target.ts"

/** A number of things, absolute or as a share of the wave's accounts. */
export type Quantity =
  | { readonly kind: "count"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number }

/** How many items a quantity means out of `total` (percentages round up, never below one when total > 0). */
export const quantityOf = (quantity: Quantity, total: number): number =>
  quantity.kind === "count"
    ? quantity.value
    : total === 0
      ? 0
      : Math.max(1, Math.ceil((quantity.value / 100) * total))

/** The health checks read after a wave's soak. */
export interface Gates {
  /** New SCP AccessDenied events in the wave's accounts tolerated since the wave started. */
  readonly maxNewScpDenials: number
  /** Percentage points of compliance the wave's accounts may lose. */
  readonly maxComplianceRegression: number
}

/**
 * A newly denied call the platform team accepts before a wave: the impact gate reports matching calls as
 * acknowledged instead of stopping the wave.
 */
export interface Acknowledgement {
  /** The caller's ARN pattern (`*` any run of characters, `?` one), matched as `aws:PrincipalArn` names it. */
  readonly principal: string
  /** The action pattern (`rds:CreateDBInstance`, `rds:*`); every action of the principal when absent. */
  readonly action?: string
  /** Why the denial is accepted, shown with the gate's result. */
  readonly reason: string
}

/** One stage of a rollout: canary accounts, one OU, then wider OUs. */
export interface Wave {
  readonly name: string
  readonly targets: ReadonlyArray<Target>
  /** Catalog ids applied in this wave. */
  readonly guardrails: ReadonlyArray<string>
  readonly soakSeconds: number
  readonly gates: Gates
  readonly approval: boolean
  readonly maxConcurrency: Quantity
  readonly errorBudget: Quantity
  readonly onGateFailure: "rollback" | "halt"
  /** Newly denied calls the impact gate accepts for this wave. */
  readonly acknowledgements: ReadonlyArray<Acknowledgement>
}
