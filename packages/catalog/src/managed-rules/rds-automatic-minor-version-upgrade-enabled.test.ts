import { describe, expect, it } from "vitest"
import { dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { rdsAutomaticMinorVersionUpgradeEnabled } from "./rds-automatic-minor-version-upgrade-enabled.ts"

describe("RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED", () => {
  it("is compliant when automatic minor version upgrade is on", () => {
    expect(evaluate(rdsAutomaticMinorVersionUpgradeEnabled, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when automatic minor version upgrade is off", () => {
    const result = evaluate(
      rdsAutomaticMinorVersionUpgradeEnabled,
      dbInstance({ autoMinorVersionUpgrade: false }),
    )
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-db has autoMinorVersionUpgrade=false")
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsAutomaticMinorVersionUpgradeEnabled, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
