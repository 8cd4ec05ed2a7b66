import { describe, expect, it } from "vitest"
import { evaluateErrorBudget } from "./error-budget.ts"

describe("evaluateErrorBudget", () => {
  it("allows as many failures as a count budget says, and no more", () => {
    expect(evaluateErrorBudget({ applied: 9, failed: 1 }, { kind: "count", value: 1 })).toMatchObject({
      passed: true,
      allowed: 1,
    })
    const exceeded = evaluateErrorBudget({ applied: 8, failed: 2 }, { kind: "count", value: 1 })
    expect(exceeded).toMatchObject({ gate: "error-budget", passed: false, allowed: 1 })
    expect(exceeded.reason).toBe("2 of 10 changes failed; the error budget allows 1: exceeded")
  })

  it("takes a percentage of the changes attempted, rounded up, and a zero budget tolerates nothing", () => {
    expect(evaluateErrorBudget({ applied: 38, failed: 2 }, { kind: "percent", value: 5 })).toMatchObject({
      passed: true,
      allowed: 2,
    })
    expect(evaluateErrorBudget({ applied: 37, failed: 3 }, { kind: "percent", value: 5 }).passed).toBe(false)
    expect(evaluateErrorBudget({ applied: 3, failed: 1 }, { kind: "percent", value: 5 }).allowed).toBe(1)
    expect(evaluateErrorBudget({ applied: 5, failed: 0 }, { kind: "count", value: 0 }).passed).toBe(true)
    expect(evaluateErrorBudget({ applied: 4, failed: 1 }, { kind: "count", value: 0 }).passed).toBe(false)
  })
})
