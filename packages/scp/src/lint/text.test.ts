import { describe, expect, it } from "vitest"
import { currentQuotas } from "../quotas.ts"
import { policyOf, subjectOf } from "./fixtures.test-support.ts"
import { lintPolicies } from "./index.ts"
import { formatLintReport } from "./text.ts"

describe("formatLintReport", () => {
  it("prints each finding with its place and fix, then the totals", () => {
    const report = lintPolicies(
      [
        subjectOf(policyOf({ Effect: "Deny", NotAction: "*", Resource: "*" })),
        subjectOf(policyOf({ Effect: "Deny", Action: "s3:*", Resource: "*" })),
      ],
      { quotas: currentQuotas },
    )
    expect(formatLintReport(report).split("\n")).toEqual([
      'error: policy.json:6:7 Statement[0].NotAction: NotAction "*" excludes every action: the statement never applies (got "*")',
      "    fix: name what the statement applies to in Action, or remove the statement",
      "1 error, 0 warnings in 2 policies",
    ])
  })

  it("says so when there is nothing to report", () => {
    expect(formatLintReport({ diagnostics: [], documents: [] })).toBe("0 errors, 0 warnings in 0 policies")
  })
})
