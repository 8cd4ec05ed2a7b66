import { describe, expect, it } from "vitest"
import { backupRecoveryPointMinimumRetentionCheck } from "./backup-recovery-point-minimum-retention-check.ts"
import { backupVault, evaluate, recoveryPoint } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"

describe("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", () => {
  it("documents the 35-day default", () => {
    expect(backupRecoveryPointMinimumRetentionCheck.parameters).toEqual([
      expect.objectContaining({ name: "requiredRetentionDays", type: "number", default: 35 }),
    ])
  })

  it("is compliant when the recovery point is kept the default 35 days", () => {
    expect(evaluate(backupRecoveryPointMinimumRetentionCheck, recoveryPoint()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when kept less than the default", () => {
    const result = evaluate(
      backupRecoveryPointMinimumRetentionCheck,
      recoveryPoint({ Lifecycle: { DeleteAfterDays: 7 } }),
    )
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("is kept 7 days, less than the required 35")
  })

  it("uses requiredRetentionDays when given", () => {
    const point = recoveryPoint({ Lifecycle: { DeleteAfterDays: 7 } })
    expect(
      evaluate(backupRecoveryPointMinimumRetentionCheck, point, {
        parameters: { requiredRetentionDays: "7" },
      }).compliance,
    ).toBe("COMPLIANT")
    expect(
      evaluate(backupRecoveryPointMinimumRetentionCheck, recoveryPoint(), {
        parameters: { requiredRetentionDays: "90" },
      }).compliance,
    ).toBe("NON_COMPLIANT")
  })

  it("derives retention from the calculated deletion date when no lifecycle is recorded", () => {
    const point = recoveryPoint({
      Lifecycle: undefined,
      CreationDate: 1767243600,
      CalculatedLifecycle: { DeleteAt: "2026-01-15T05:00:00.000Z" },
    })
    const result = evaluate(backupRecoveryPointMinimumRetentionCheck, point)
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("is kept 14 days")
  })

  it("is compliant when the recovery point never expires", () => {
    const point = recoveryPoint({ Lifecycle: undefined })
    expect(evaluate(backupRecoveryPointMinimumRetentionCheck, point).annotation).toContain("does not expire")
  })

  it("rejects a requiredRetentionDays below 1", () => {
    expect(() =>
      evaluate(backupRecoveryPointMinimumRetentionCheck, recoveryPoint(), {
        parameters: { requiredRetentionDays: "0" },
      }),
    ).toThrow(RuleParameterError)
  })

  it("is not applicable to backup vaults", () => {
    expect(evaluate(backupRecoveryPointMinimumRetentionCheck, backupVault()).compliance).toBe(
      "NOT_APPLICABLE",
    )
  })
})
