import { describe, expect, it } from "vitest"
import { currentQuotas } from "../quotas.ts"
import { minify } from "../size.ts"
import { fullAwsAccess, guardrail, hierarchyOf, policyOf, subjectOf } from "./fixtures.test-support.ts"
import { lintChecks, lintPolicies } from "./index.ts"

const typo = subjectOf(
  policyOf({ Effect: "Deny", Action: "organizations:LeaveOrganisation", Resource: "*" }),
  {
    name: "deny-leave",
  },
)

describe("lintChecks", () => {
  it("has one check per name, each described for reports", () => {
    const names = lintChecks.map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
    for (const check of lintChecks) {
      expect(check.name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(check.summary.length).toBeGreaterThan(10)
      expect(check.description.length).toBeGreaterThan(check.summary.length)
      expect(check.help.length).toBeGreaterThan(10)
    }
  })
})

describe("lintPolicies", () => {
  it("runs the document checks on each subject and reports each document's size", () => {
    const report = lintPolicies([typo], { quotas: currentQuotas })
    expect(report.diagnostics.map((d) => d.code)).toEqual(["scp.unknown-action", "scp.never-matches"])
    expect(report.documents).toEqual([
      {
        name: "deny-leave",
        file: "policy.json",
        characters: typo.text?.length,
        minifiedCharacters: minify(JSON.parse(typo.text ?? "")).length,
      },
    ])
  })

  it("runs the hierarchy checks once when the context has a hierarchy", () => {
    const hierarchy = hierarchyOf([fullAwsAccess], [guardrail("a")], [fullAwsAccess])
    const report = lintPolicies([], { quotas: currentQuotas, hierarchy })
    expect(report.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["scp.attachment-slots", "levels[1].policies"],
    ])
    expect(report.documents).toEqual([])
  })

  it("runs only the checks it is given", () => {
    expect(lintPolicies([typo], { quotas: currentQuotas }, []).diagnostics).toEqual([])
  })
})
