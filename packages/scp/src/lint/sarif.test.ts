import { describe, expect, it } from "vitest"
import { currentQuotas } from "../quotas.ts"
import { fullAwsAccess, guardrail, hierarchyOf, policyOf, subjectOf } from "./fixtures.test-support.ts"
import { lintChecks, lintPolicies } from "./index.ts"
import { toSarif } from "./sarif.ts"

const subject = {
  ...subjectOf(policyOf({ Effect: "Deny", Action: "rds:CreateDBInstanse", Resource: "*" })),
  file: "policies/scp/deny rds.json",
}
const report = lintPolicies([subject], {
  quotas: currentQuotas,
  hierarchy: hierarchyOf([fullAwsAccess], [guardrail("a")], [fullAwsAccess]),
})
const extra = {
  ...report,
  diagnostics: [
    ...report.diagnostics,
    {
      severity: "error" as const,
      code: "policy.effect",
      file: "/repo/policies/scp/x.json",
      path: "Statement[0].Effect",
      message: "Effect must be Allow or Deny",
      fix: "use Allow or Deny",
    },
  ],
}

describe("toSarif", () => {
  it("has every property GitHub code scanning requires of a SARIF 2.1.0 upload", () => {
    const log = toSarif(extra, {
      toolVersion: "0.1.0",
      root: "/repo",
      informationUri: "https://example.com/rampart",
    })
    expect(log.$schema).toMatch(/sarif-2\.1\.0/)
    expect(log.version).toBe("2.1.0")
    expect(log.runs).toHaveLength(1)
    const [run] = log.runs
    const driver = run?.tool.driver
    expect(driver).toMatchObject({
      name: "rampart",
      version: "0.1.0",
      informationUri: "https://example.com/rampart",
    })
    const ids = driver?.rules.map((r) => r.id) ?? []
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of driver?.rules ?? []) {
      expect(rule.shortDescription.text).not.toBe("")
      expect(rule.fullDescription.text).not.toBe("")
      expect(rule.help.text).not.toBe("")
      expect(["error", "warning"]).toContain(rule.defaultConfiguration.level)
    }
    expect(run?.results.length).toBe(extra.diagnostics.length)
    for (const result of run?.results ?? []) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId)
      expect(["error", "warning"]).toContain(result.level)
      expect(result.message.text).not.toBe("")
      const location = result.locations[0]?.physicalLocation
      expect(location?.artifactLocation.uri).not.toMatch(/^\/|\\/)
      expect(location?.region.startLine).toBeGreaterThanOrEqual(1)
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/)
    }
    expect(JSON.parse(JSON.stringify(log))).toEqual(log)
  })

  it("describes every registry check as a rule, and codes it does not know with a rule of their own", () => {
    const rules = toSarif(extra, { toolVersion: "0.1.0" }).runs[0]?.tool.driver.rules ?? []
    expect(rules.map((r) => r.id)).toEqual([...lintChecks.map((c) => `scp.${c.name}`), "policy.effect"])
    expect(rules[0]).toMatchObject({ id: "scp.size", name: "Size", defaultConfiguration: { level: "error" } })
  })

  it("locates a finding at its file, line and column, relative to the checkout", () => {
    const [result] = toSarif(extra, { toolVersion: "0.1.0", root: "/repo" }).runs[0]?.results ?? []
    expect(result).toMatchObject({
      ruleId: "scp.unknown-action",
      level: "warning",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "policies/scp/deny%20rds.json", uriBaseId: "%SRCROOT%" },
            region: { startLine: 6, startColumn: 7 },
          },
          logicalLocations: [{ fullyQualifiedName: "Statement[0].Action" }],
        },
      ],
    })
    expect(result?.message.text).toContain('did you mean "rds:CreateDBInstance"?')
    const last = toSarif(extra, { toolVersion: "0.1.0", root: "/repo" }).runs[0]?.results.at(-1)
    expect(last?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("policies/scp/x.json")
  })
})
