import { describe, expect, it } from "vitest"
import { dbInstance, dbSnapshot, evaluate } from "./fixtures.test-support.ts"
import { rdsInstancePublicAccessCheck } from "./rds-instance-public-access-check.ts"

describe("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", () => {
  it("is compliant for a private instance", () => {
    expect(evaluate(rdsInstancePublicAccessCheck, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant for a publicly accessible instance", () => {
    const result = evaluate(rdsInstancePublicAccessCheck, dbInstance({ publiclyAccessible: true }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-db has publiclyAccessible=true")
  })

  it("is not applicable to snapshots", () => {
    expect(evaluate(rdsInstancePublicAccessCheck, dbSnapshot()).compliance).toBe("NOT_APPLICABLE")
  })
})
