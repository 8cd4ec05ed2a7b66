import { describe, expect, it } from "vitest"
import { context, policyOf, subjectOf } from "./fixtures.test-support.ts"
import { versionCheck } from "./version.ts"

const statement = {
  Effect: "Deny",
  Action: "s3:*",
  Resource: "*",
  Condition: { StringNotEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/owner}" } },
}

describe("scp.version", () => {
  it("accepts 2012-10-17", () => {
    expect(versionCheck.check(subjectOf(policyOf(statement)), context)).toEqual([])
  })

  it("warns about 2008-10-17, whose policy variables are literal text", () => {
    const [d] = versionCheck.check(subjectOf({ Version: "2008-10-17", Statement: [statement] }), context)
    expect(d).toMatchObject({
      severity: "warning",
      code: "scp.version",
      path: "Version",
      value: "2008-10-17",
      position: { line: 2, column: 3 },
    })
    expect(d?.message).toContain("its policy variables are compared as literal text")
  })

  it("warns about a document built in memory without Version", () => {
    const { version: _version, ...document } = subjectOf(policyOf(statement)).document
    const [d] = versionCheck.check({ name: "built", file: "built.json", document }, context)
    expect(d?.message).toContain("Version is missing")
    expect(d?.fix).toBe('set "Version": "2012-10-17"')
  })
})
