import { describe, expect, it } from "vitest"
import { dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { rdsClusterEncryptedAtRest } from "./rds-cluster-encrypted-at-rest.ts"

describe("RDS_CLUSTER_ENCRYPTED_AT_REST", () => {
  it("is compliant when the cluster is encrypted", () => {
    expect(evaluate(rdsClusterEncryptedAtRest, dbCluster()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when the cluster is not encrypted", () => {
    const result = evaluate(rdsClusterEncryptedAtRest, dbCluster({ storageEncrypted: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-cluster has storageEncrypted=false")
  })

  it("is not applicable to DB instances", () => {
    expect(evaluate(rdsClusterEncryptedAtRest, dbInstance()).compliance).toBe("NOT_APPLICABLE")
  })
})
