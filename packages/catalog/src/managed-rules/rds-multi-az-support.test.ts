import { describe, expect, it } from "vitest"
import { auroraInstance, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { rdsMultiAzSupport } from "./rds-multi-az-support.ts"

describe("RDS_MULTI_AZ_SUPPORT", () => {
  it("is compliant for a Multi-AZ instance", () => {
    expect(evaluate(rdsMultiAzSupport, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant for a Single-AZ instance", () => {
    const result = evaluate(rdsMultiAzSupport, dbInstance({ multiAZ: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-db has multiAZ=false")
  })

  it("does not evaluate Aurora, DocumentDB or Neptune instances", () => {
    expect(evaluate(rdsMultiAzSupport, auroraInstance()).compliance).toBe("NOT_APPLICABLE")
    expect(evaluate(rdsMultiAzSupport, dbInstance({ engine: "docdb", multiAZ: false })).compliance).toBe(
      "NOT_APPLICABLE",
    )
    expect(evaluate(rdsMultiAzSupport, dbInstance({ engine: "neptune", multiAZ: false })).compliance).toBe(
      "NOT_APPLICABLE",
    )
  })
})
