import { describe, expect, it } from "vitest"
import { auroraInstance, dbCluster, dbInstance, evaluate } from "./fixtures.test-support.ts"
import { rdsInstanceIamAuthenticationEnabled } from "./rds-instance-iam-authentication-enabled.ts"

describe("RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", () => {
  it("is compliant when IAM database authentication is on", () => {
    expect(evaluate(rdsInstanceIamAuthenticationEnabled, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when IAM database authentication is off", () => {
    const result = evaluate(
      rdsInstanceIamAuthenticationEnabled,
      auroraInstance({ iAMDatabaseAuthenticationEnabled: false }),
    )
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      "iAMDatabaseAuthenticationEnabled=false; enable IAM database authentication on its cluster",
    )
  })

  it("is not applicable to engines without IAM authentication in the rule", () => {
    const oracle = dbInstance({ engine: "oracle-ee", iAMDatabaseAuthenticationEnabled: false })
    expect(evaluate(rdsInstanceIamAuthenticationEnabled, oracle).compliance).toBe("NOT_APPLICABLE")
  })

  it("is not applicable while the instance is not in an evaluated state", () => {
    const stopped = dbInstance({ dBInstanceStatus: "stopped", iAMDatabaseAuthenticationEnabled: false })
    expect(evaluate(rdsInstanceIamAuthenticationEnabled, stopped).compliance).toBe("NOT_APPLICABLE")
    const backingUp = dbInstance({ dBInstanceStatus: "backing-up", iAMDatabaseAuthenticationEnabled: false })
    expect(evaluate(rdsInstanceIamAuthenticationEnabled, backingUp).compliance).toBe("NON_COMPLIANT")
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsInstanceIamAuthenticationEnabled, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
