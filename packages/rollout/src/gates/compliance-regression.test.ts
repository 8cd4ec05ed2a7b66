import type { Finding } from "@rampart/model"
import { describe, expect, it } from "vitest"
import { complianceRegression, evaluateComplianceGate } from "./compliance-regression.ts"

const finding = (
  rule: string,
  resourceId: string,
  status: Finding["status"],
  accountId = "222222222202",
  region = "eu-west-1",
): Finding => ({
  kind: "evaluation",
  accountId,
  region,
  guardrail: rule.startsWith("rds") ? "rds-security" : "backup-protection",
  rule,
  resourceType: "AWS::RDS::DBInstance",
  resourceId,
  status,
  evaluatedAt: "2026-11-22T10:00:00Z",
})

describe("complianceRegression", () => {
  it("measures the percentage points lost over the rules judged before and after, and names what turned", () => {
    const before = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT"),
      finding("rds-storage-encrypted", "db-b", "COMPLIANT"),
      finding("rds-storage-encrypted", "db-c", "NON_COMPLIANT"),
      finding("rds-backup-enabled", "db-a", "COMPLIANT"),
    ]
    const after = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT"),
      finding("rds-storage-encrypted", "db-b", "NON_COMPLIANT"),
      finding("rds-storage-encrypted", "db-c", "NON_COMPLIANT"),
      finding("rds-backup-enabled", "db-a", "COMPLIANT"),
    ]
    const result = complianceRegression(before, after)
    expect(result.before).toEqual({ compliant: 3, nonCompliant: 1, percent: 75 })
    expect(result.after).toEqual({ compliant: 2, nonCompliant: 2, percent: 50 })
    expect(result.regression).toBe(25)
    expect(result.turnedNonCompliant.map((t) => [t.finding.resourceId, t.was])).toEqual([
      ["db-b", "COMPLIANT"],
    ])
    expect(evaluateComplianceGate(result, 25).passed).toBe(true)
    const failed = evaluateComplianceGate(result, 10)
    expect(failed).toMatchObject({ gate: "compliance-regression", passed: false })
    expect(failed.reason).toContain("from 75% to 50%")
    expect(failed.reason).toContain("db-b under rds-storage-encrypted")
  })

  it("does not count the rules of a newly deployed pack as regression", () => {
    const before = [finding("rds-storage-encrypted", "db-a", "COMPLIANT")]
    const after = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT"),
      finding("backup-recovery-point-encrypted", "rp-1", "NON_COMPLIANT"),
      finding("backup-recovery-point-encrypted", "rp-2", "NON_COMPLIANT"),
    ]
    const result = complianceRegression(before, after)
    expect(result.compared).toEqual([
      { accountId: "222222222202", region: "eu-west-1", rule: "rds-storage-encrypted" },
    ])
    expect(result.newRules).toEqual([
      { accountId: "222222222202", region: "eu-west-1", rule: "backup-recovery-point-encrypted" },
    ])
    expect(result.regression).toBe(0)
    expect(result.turnedNonCompliant).toEqual([])
    expect(evaluateComplianceGate(result, 0).passed).toBe(true)
  })

  it("does not count a pack's rules in an account it newly reaches, though the pack ran elsewhere before", () => {
    const before = [finding("rds-storage-encrypted", "db-a", "COMPLIANT", "222222222201")]
    const after = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT", "222222222201"),
      finding("rds-storage-encrypted", "db-b", "NON_COMPLIANT", "222222222202"),
    ]
    const result = complianceRegression(before, after)
    expect(result.regression).toBe(0)
    expect(result.newRules).toEqual([
      { accountId: "222222222202", region: "eu-west-1", rule: "rds-storage-encrypted" },
    ])
    expect(result.turnedNonCompliant).toEqual([])
  })

  it("counts a new non-compliant resource under a known rule, tells accounts apart, ignores improvement", () => {
    const before = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT"),
      finding("rds-storage-encrypted", "db-a", "NON_COMPLIANT", "222222222203"),
    ]
    const after = [
      finding("rds-storage-encrypted", "db-a", "COMPLIANT"),
      finding("rds-storage-encrypted", "db-a", "COMPLIANT", "222222222203"),
      finding("rds-storage-encrypted", "db-new", "NON_COMPLIANT"),
      finding("rds-storage-encrypted", "db-gone", "NOT_APPLICABLE"),
    ]
    const result = complianceRegression(before, after)
    expect(result.before.percent).toBe(50)
    expect(result.after.percent).toBeCloseTo(66.667, 2)
    expect(result.regression).toBe(0)
    expect(result.turnedNonCompliant.map((t) => [t.finding.resourceId, t.finding.accountId, t.was])).toEqual([
      ["db-new", "222222222202", "absent"],
    ])
  })

  it("fails closed when the findings of an account could not be collected after the soak", () => {
    const before = [finding("rds-storage-encrypted", "db-a", "COMPLIANT")]
    const failure: Finding = {
      kind: "collection-failure",
      accountId: "222222222203",
      region: "eu-west-1",
      rule: "collection:access-denied-by-trust",
      resourceType: "AWS::::Account",
      resourceId: "222222222203",
      status: "ERROR",
      evaluatedAt: "2026-11-22T10:00:00Z",
    }
    const result = complianceRegression(before, [...before, failure])
    expect(result.regression).toBe(0)
    expect(result.uncollected).toEqual([failure])
    const decision = evaluateComplianceGate(result, 100)
    expect(decision.passed).toBe(false)
    expect(decision.reason).toContain("222222222203 eu-west-1 (collection:access-denied-by-trust)")
  })
})
