import { type Quantity, quantityOf } from "@rampart/model"
import type { GateDecision } from "./gate-decision.ts"

/** How a wave's apply went: changes made and changes that failed. */
export interface ApplyOutcome {
  readonly applied: number
  readonly failed: number
}

/** The error-budget decision, with the number of failures the budget allows. */
export interface ErrorBudgetDecision extends GateDecision {
  readonly allowed: number
}

/**
 * The apply-error gate: the wave's `errorBudget` (a count, or a share of the changes attempted, rounded up as
 * `quantityOf` does) against the changes that failed. Exceeded when more failed than the budget allows.
 */
export const evaluateErrorBudget = (outcome: ApplyOutcome, budget: Quantity): ErrorBudgetDecision => {
  const attempted = outcome.applied + outcome.failed
  const allowed = quantityOf(budget, attempted)
  const written = budget.kind === "percent" ? `${budget.value}% of ${attempted}, so ${allowed}` : `${allowed}`
  const passed = outcome.failed <= allowed
  return {
    gate: "error-budget",
    passed,
    allowed,
    reason: `${outcome.failed} of ${attempted} changes failed; the error budget allows ${written}${passed ? "" : ": exceeded"}`,
  }
}
