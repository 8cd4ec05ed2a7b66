import { describe, expect, it } from "vitest"
import { dbInstanceBackupEnabled } from "./db-instance-backup-enabled.ts"
import { auroraInstance, dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"

const replica = dbInstance(
  { readReplicaSourceDBInstanceIdentifier: "orders-db", backupRetentionPeriod: 0 },
  { resourceName: "orders-db-replica" },
)

describe("DB_INSTANCE_BACKUP_ENABLED", () => {
  it("is compliant when automated backups are kept", () => {
    const result = evaluate(dbInstanceBackupEnabled, dbInstance())
    expect(result.compliance).toBe("COMPLIANT")
    expect(result.annotation).toContain("7 days")
  })

  it("is non-compliant when automated backups are off", () => {
    const result = evaluate(dbInstanceBackupEnabled, dbInstance({ backupRetentionPeriod: 0 }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("backupRetentionPeriod=0")
  })

  it("is non-compliant when retention is below backupRetentionMinimum", () => {
    const result = evaluate(dbInstanceBackupEnabled, dbInstance({ backupRetentionPeriod: 3 }), {
      parameters: { backupRetentionMinimum: "7" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("backupRetentionPeriod is 3, below the minimum 7")
  })

  it("is compliant when retention meets backupRetentionMinimum exactly", () => {
    expect(
      evaluate(dbInstanceBackupEnabled, dbInstance(), { parameters: { backupRetentionMinimum: "7" } })
        .compliance,
    ).toBe("COMPLIANT")
  })

  it("requires backupRetentionPeriod and preferredBackupWindow to match exactly", () => {
    const result = evaluate(dbInstanceBackupEnabled, dbInstance({ backupRetentionPeriod: 14 }), {
      parameters: { backupRetentionPeriod: "7", preferredBackupWindow: "01:00-01:30" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("backupRetentionPeriod is 14, required 7")
    expect(result.annotation).toContain('preferredBackupWindow is "03:00-03:30", required 01:00-01:30')
  })

  it("makes read replicas not applicable when checkReadReplicas is false", () => {
    const result = evaluate(dbInstanceBackupEnabled, replica, { parameters: { checkReadReplicas: "false" } })
    expect(result.compliance).toBe("NOT_APPLICABLE")
    expect(result.annotation).toContain("read replica of orders-db")
  })

  it("evaluates read replicas when checkReadReplicas is true or unset", () => {
    expect(
      evaluate(dbInstanceBackupEnabled, replica, { parameters: { checkReadReplicas: "TRUE" } }).compliance,
    ).toBe("NON_COMPLIANT")
    expect(evaluate(dbInstanceBackupEnabled, replica).compliance).toBe("NON_COMPLIANT")
  })

  it("evaluates Aurora instances on the retention they report", () => {
    expect(evaluate(dbInstanceBackupEnabled, auroraInstance({ backupRetentionPeriod: 1 })).compliance).toBe(
      "COMPLIANT",
    )
  })

  it("rejects unreadable parameters with the parameter and value named", () => {
    expect(() =>
      evaluate(dbInstanceBackupEnabled, dbInstance(), { parameters: { backupRetentionMinimum: "seven" } }),
    ).toThrow(RuleParameterError)
    expect(() =>
      evaluate(dbInstanceBackupEnabled, dbInstance(), { parameters: { backupRetentionPeriod: "40" } }),
    ).toThrow(/backupRetentionPeriod is "40", expected a whole number from 1 to 35/)
    expect(() =>
      evaluate(dbInstanceBackupEnabled, dbInstance(), { parameters: { preferredBackupWindow: "3am" } }),
    ).toThrow(/preferredBackupWindow/)
    expect(() =>
      evaluate(dbInstanceBackupEnabled, replica, { parameters: { checkReadReplicas: "no" } }),
    ).toThrow(/checkReadReplicas is "no", expected true or false/)
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(dbInstanceBackupEnabled, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
