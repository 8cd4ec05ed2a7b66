import { describe, expect, it } from "vitest"
import { dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { rdsClusterDeletionProtectionEnabled } from "./rds-cluster-deletion-protection-enabled.ts"

describe("RDS_CLUSTER_DELETION_PROTECTION_ENABLED", () => {
  it("is compliant when the cluster has deletion protection", () => {
    expect(evaluate(rdsClusterDeletionProtectionEnabled, dbCluster()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when the cluster lacks deletion protection", () => {
    const result = evaluate(rdsClusterDeletionProtectionEnabled, dbCluster({ deletionProtection: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-cluster has deletionProtection=false")
  })

  it("is not applicable to DB instances", () => {
    expect(evaluate(rdsClusterDeletionProtectionEnabled, dbInstance()).compliance).toBe("NOT_APPLICABLE")
  })
})
