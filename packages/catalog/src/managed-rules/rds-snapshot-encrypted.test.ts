import { describe, expect, it } from "vitest"
import { dbClusterSnapshot, dbInstance, dbSnapshot, evaluate } from "./fixtures.test-support.ts"
import { rdsSnapshotEncrypted } from "./rds-snapshot-encrypted.ts"

describe("RDS_SNAPSHOT_ENCRYPTED", () => {
  it("is compliant for encrypted DB snapshots and DB cluster snapshots", () => {
    expect(evaluate(rdsSnapshotEncrypted, dbSnapshot()).compliance).toBe("COMPLIANT")
    expect(evaluate(rdsSnapshotEncrypted, dbClusterSnapshot()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant for an unencrypted DB snapshot", () => {
    const result = evaluate(rdsSnapshotEncrypted, dbSnapshot({ encrypted: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("DB snapshot orders-db-2026-01-01 has encrypted=false")
  })

  it("is non-compliant for an unencrypted DB cluster snapshot", () => {
    const result = evaluate(rdsSnapshotEncrypted, dbClusterSnapshot({ storageEncrypted: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      "DB cluster snapshot orders-cluster-2026-01-01 has storageEncrypted=false",
    )
  })

  it("is not applicable to DB instances", () => {
    expect(evaluate(rdsSnapshotEncrypted, dbInstance()).compliance).toBe("NOT_APPLICABLE")
  })
})
