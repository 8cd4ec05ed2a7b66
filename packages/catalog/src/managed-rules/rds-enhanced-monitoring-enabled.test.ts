import { describe, expect, it } from "vitest"
import { dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"
import { rdsEnhancedMonitoringEnabled } from "./rds-enhanced-monitoring-enabled.ts"

describe("RDS_ENHANCED_MONITORING_ENABLED", () => {
  it("is compliant when Enhanced Monitoring is on", () => {
    expect(evaluate(rdsEnhancedMonitoringEnabled, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when monitoringInterval is 0", () => {
    const result = evaluate(rdsEnhancedMonitoringEnabled, dbInstance({ monitoringInterval: 0 }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("monitoringInterval=0")
  })

  it("requires the interval given in monitoringInterval", () => {
    expect(
      evaluate(rdsEnhancedMonitoringEnabled, dbInstance(), { parameters: { monitoringInterval: "60" } })
        .compliance,
    ).toBe("COMPLIANT")
    const result = evaluate(rdsEnhancedMonitoringEnabled, dbInstance(), {
      parameters: { monitoringInterval: "15" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("monitoringInterval=60, required 15")
  })

  it("rejects intervals RDS does not offer", () => {
    expect(() =>
      evaluate(rdsEnhancedMonitoringEnabled, dbInstance(), { parameters: { monitoringInterval: "20" } }),
    ).toThrow(RuleParameterError)
    expect(() =>
      evaluate(rdsEnhancedMonitoringEnabled, dbInstance(), { parameters: { monitoringInterval: "20" } }),
    ).toThrow(/one of 1, 5, 10, 15, 30, 60/)
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsEnhancedMonitoringEnabled, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
