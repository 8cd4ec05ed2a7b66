import { describe, expect, it } from "vitest"
import { acknowledgementFor } from "./acknowledgement.ts"

const ci = { principal: "arn:aws:iam::222222222202:role/CiDeploy", action: "rds:CreateDBInstance" }

describe("acknowledgementFor", () => {
  it("matches the principal as ArnLike does and the action case-insensitively", () => {
    const exact = { principal: ci.principal, action: "rds:CreateDBInstance", reason: "exact" }
    const anyAccount = { principal: "arn:aws:iam::*:role/Ci*", action: "RDS:create*", reason: "wildcards" }
    const everyAction = { principal: "arn:aws:iam::2222222222??:role/CiDeploy", reason: "every action" }
    expect(acknowledgementFor(ci, [exact])?.reason).toBe("exact")
    expect(acknowledgementFor(ci, [anyAccount])?.reason).toBe("wildcards")
    expect(acknowledgementFor(ci, [everyAction])?.reason).toBe("every action")
  })

  it("does not cover another action, another role or account, or a role name in another case", () => {
    expect(acknowledgementFor(ci, [{ principal: ci.principal, action: "rds:Delete*", reason: "r" }])).toBe(
      undefined,
    )
    expect(acknowledgementFor(ci, [{ principal: "arn:aws:iam::*:role/Developer", reason: "r" }])).toBe(
      undefined,
    )
    expect(
      acknowledgementFor(ci, [{ principal: "arn:aws:iam::22222222221?:role/CiDeploy", reason: "r" }]),
    ).toBe(undefined)
    expect(
      acknowledgementFor(ci, [{ principal: "arn:aws:iam::222222222202:role/cideploy", reason: "r" }]),
    ).toBe(undefined)
  })
})
