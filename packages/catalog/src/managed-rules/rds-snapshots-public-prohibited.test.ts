import { describe, expect, it } from "vitest"
import { dbClusterSnapshot, dbInstance, dbSnapshot, evaluate } from "./fixtures.test-support.ts"
import { rdsSnapshotsPublicProhibited } from "./rds-snapshots-public-prohibited.ts"

describe("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", () => {
  it("is compliant for a snapshot shared with nobody or with named accounts", () => {
    expect(evaluate(rdsSnapshotsPublicProhibited, dbSnapshot()).compliance).toBe("COMPLIANT")
    const shared = dbSnapshot(
      {},
      {
        supplementaryConfiguration: {
          DBSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["444455556666"] }],
        },
      },
    )
    expect(evaluate(rdsSnapshotsPublicProhibited, shared).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant for a DB snapshot restorable by all accounts", () => {
    const shared = dbSnapshot(
      {},
      {
        supplementaryConfiguration: {
          DBSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["all"] }],
        },
      },
    )
    const result = evaluate(rdsSnapshotsPublicProhibited, shared)
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      'DB snapshot orders-db-2026-01-01 is public: its restore attribute includes "all"',
    )
  })

  it("reads DB cluster snapshot attributes stored as JSON text", () => {
    const shared = dbClusterSnapshot(
      {},
      {
        supplementaryConfiguration: {
          DBClusterSnapshotAttributes: JSON.stringify([
            { attributeName: "restore", attributeValues: ["all"] },
          ]),
        },
      },
    )
    expect(evaluate(rdsSnapshotsPublicProhibited, shared).compliance).toBe("NON_COMPLIANT")
  })

  it("is not applicable to DB instances", () => {
    expect(evaluate(rdsSnapshotsPublicProhibited, dbInstance()).compliance).toBe("NOT_APPLICABLE")
  })
})
