import { describe, expect, it } from "vitest"
import { auroraInstance, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"
import { rdsInstanceDeletionProtectionEnabled } from "./rds-instance-deletion-protection-enabled.ts"

describe("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", () => {
  it("is compliant when deletion protection is on", () => {
    expect(evaluate(rdsInstanceDeletionProtectionEnabled, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when deletion protection is off", () => {
    const result = evaluate(rdsInstanceDeletionProtectionEnabled, dbInstance({ deletionProtection: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-db has deletionProtection=false")
  })

  it("is not applicable to instances whose cluster holds deletion protection", () => {
    const result = evaluate(rdsInstanceDeletionProtectionEnabled, auroraInstance())
    expect(result.compliance).toBe("NOT_APPLICABLE")
    expect(result.annotation).toContain("belongs to cluster orders-cluster")
  })

  it("evaluates only the engines listed in databaseEngines", () => {
    const unprotected = dbInstance({ deletionProtection: false })
    expect(
      evaluate(rdsInstanceDeletionProtectionEnabled, unprotected, {
        parameters: { databaseEngines: "mysql, mariadb" },
      }).compliance,
    ).toBe("NOT_APPLICABLE")
    expect(
      evaluate(rdsInstanceDeletionProtectionEnabled, unprotected, {
        parameters: { databaseEngines: "mysql,Postgres" },
      }).compliance,
    ).toBe("NON_COMPLIANT")
  })

  it("rejects a databaseEngines list with no engines", () => {
    expect(() =>
      evaluate(rdsInstanceDeletionProtectionEnabled, dbInstance(), {
        parameters: { databaseEngines: " , " },
      }),
    ).toThrow(RuleParameterError)
  })
})
