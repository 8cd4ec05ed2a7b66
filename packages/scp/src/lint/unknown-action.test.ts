import { describe, expect, it } from "vitest"
import { policyOf, run } from "./fixtures.test-support.ts"
import { unknownActionCheck } from "./unknown-action.ts"

const deny = (action: unknown, element: "Action" | "NotAction" = "Action") =>
  policyOf({ Effect: "Deny", [element]: action, Resource: "*" })

describe("scp.unknown-action", () => {
  it.each([
    ["an exact action", "rds:CreateDBInstance"],
    ["an action in other case (IAM ignores case)", "RDS:createdbinstance"],
    ["a pattern that matches real actions", "backup:Delete*"],
    ["a single-character wildcard", "backup:DeleteBackupVaul?"],
    ["a permission-only action", "iam:PassRole"],
    ["an S3 permission no operation is named after", "s3:ListBucket"],
    ["every action", "*"],
    ["an action of a service Rampart does not cover", "lambda:InvokeFunctionTypo"],
  ])("accepts %s", (_, action) => {
    expect(run(unknownActionCheck, deny(action))).toEqual([])
  })

  it.each([
    {
      case: "a misspelt action, with the nearest real one",
      action: ["rds:CreateDBInstance", "rds:CreateDBInstanse"],
      path: "Statement[0].Action[1]",
      message: '"rds:CreateDBInstanse" is not a rds action: AWS accepts it silently and it denies nothing',
      fix: 'did you mean "rds:CreateDBInstance"?',
    },
    {
      case: "a pattern that matches nothing",
      action: "cloudtrail:Stop*Loging",
      path: "Statement[0].Action",
      message: '"cloudtrail:Stop*Loging" matches no cloudtrail action',
      fix: 'did you mean "cloudtrail:StopLogging"?',
    },
    {
      case: "an API operation that is not an IAM action",
      action: "s3:ListObjectsV2",
      path: "Statement[0].Action",
      message:
        "is an API operation, not an IAM action: it denies nothing; the operation is authorized by s3:ListBucket",
      fix: 'use "s3:ListBucket"',
    },
  ])("warns about $case", ({ action, path, message, fix }) => {
    const [d, ...rest] = run(unknownActionCheck, deny(action))
    expect(rest).toEqual([])
    expect(d).toMatchObject({ severity: "warning", code: "scp.unknown-action", path })
    expect(d?.message).toContain(message)
    expect(d?.fix).toBe(fix)
  })

  it("says a NotAction exception with a typo exempts nothing", () => {
    const [d] = run(unknownActionCheck, deny(["sts:GetCallerIdentiy"], "NotAction"))
    expect(d?.message).toContain("exempts nothing")
    expect(d?.fix).toBe('did you mean "sts:GetCallerIdentity"?')
  })

  it("points at the line and column of the entry in the text", () => {
    const [d] = run(unknownActionCheck, deny(["rds:CreateDBInstance", "rds:DeleteDBInstanse"]))
    expect(d?.position).toEqual({ line: 8, column: 9 })
  })
})
