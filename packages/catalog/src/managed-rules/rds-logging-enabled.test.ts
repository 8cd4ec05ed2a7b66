import { describe, expect, it } from "vitest"
import { auroraInstance, dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"
import { rdsLoggingEnabled } from "./rds-logging-enabled.ts"

describe("RDS_LOGGING_ENABLED", () => {
  it("is compliant when the engine's log types are exported", () => {
    expect(evaluate(rdsLoggingEnabled, dbInstance()).compliance).toBe("COMPLIANT")
    expect(evaluate(rdsLoggingEnabled, auroraInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when a log type is missing, listing what is missing and what is exported", () => {
    const result = evaluate(rdsLoggingEnabled, dbInstance({ enabledCloudwatchLogsExports: ["postgresql"] }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      "(postgres) does not export upgrade to CloudWatch Logs (exports: postgresql)",
    )
  })

  it("applies the engine family's log types to every edition", () => {
    const oracle = dbInstance({
      engine: "oracle-ee-cdb",
      enabledCloudwatchLogsExports: ["alert", "audit", "trace"],
    })
    expect(evaluate(rdsLoggingEnabled, oracle).annotation).toContain("does not export listener")
    const sqlServer = dbInstance({ engine: "sqlserver-se", enabledCloudwatchLogsExports: ["agent", "error"] })
    expect(evaluate(rdsLoggingEnabled, sqlServer).compliance).toBe("COMPLIANT")
    const mysql = dbInstance({ engine: "mysql", enabledCloudwatchLogsExports: [] })
    expect(evaluate(rdsLoggingEnabled, mysql).annotation).toContain("audit, error, general, slowquery")
  })

  it("requires the log types added by additionalLogs", () => {
    const result = evaluate(rdsLoggingEnabled, dbInstance(), {
      parameters: { additionalLogs: "oracle: general ; postgres: iam-db-auth-error" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("does not export iam-db-auth-error")
  })

  it("is not applicable outside the evaluated instance states", () => {
    const result = evaluate(
      rdsLoggingEnabled,
      dbInstance({ dBInstanceStatus: "creating", enabledCloudwatchLogsExports: [] }),
    )
    expect(result.compliance).toBe("NOT_APPLICABLE")
    expect(result.annotation).toContain("state creating")
  })

  it("is not applicable to engines without required log types unless additionalLogs names some", () => {
    const db2 = dbInstance({ engine: "db2-se", enabledCloudwatchLogsExports: [] })
    expect(evaluate(rdsLoggingEnabled, db2).compliance).toBe("NOT_APPLICABLE")
    expect(
      evaluate(rdsLoggingEnabled, db2, { parameters: { additionalLogs: "db2-se: diag.log" } }).compliance,
    ).toBe("NON_COMPLIANT")
  })

  it("rejects additionalLogs that is not 'engine: logs' entries", () => {
    expect(() =>
      evaluate(rdsLoggingEnabled, dbInstance(), { parameters: { additionalLogs: "general, slowquery" } }),
    ).toThrow(RuleParameterError)
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsLoggingEnabled, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
