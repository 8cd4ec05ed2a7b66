import { describe, expect, it } from "vitest"
import { currentQuotas } from "../quotas.ts"
import { fullAwsAccess, hierarchyOf } from "./fixtures.test-support.ts"
import { ouDepthCheck } from "./ou-depth.ts"

/** A path with `ous` OUs between the root and the account. */
const pathWith = (ous: number) => hierarchyOf(...Array.from({ length: ous + 2 }, () => [fullAwsAccess]))

describe("scp.ou-depth", () => {
  it.each([0, 1, 5])("accepts %i OUs under the root", (ous) => {
    expect(ouDepthCheck.check(pathWith(ous), { quotas: currentQuotas })).toEqual([])
  })

  it("reports the first OU deeper than five under the root (OU_DEPTH_LIMIT_EXCEEDED)", () => {
    const [d, ...rest] = ouDepthCheck.check(pathWith(6), { quotas: currentQuotas })
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity: "error",
      code: "scp.ou-depth",
      file: "organization",
      path: "levels[6]",
    })
    expect(d?.message).toContain(
      "nests 6 OUs; Organizations allows 5 under the root (OU_DEPTH_LIMIT_EXCEEDED)",
    )
  })

  it("follows the configured quota", () => {
    expect(ouDepthCheck.check(pathWith(3), { quotas: { ...currentQuotas, ouDepth: 2 } })[0]?.path).toBe(
      "levels[3]",
    )
  })
})
