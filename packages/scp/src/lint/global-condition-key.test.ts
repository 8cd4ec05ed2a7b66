import { describe, expect, it } from "vitest"
import { policyOf, run } from "./fixtures.test-support.ts"
import { globalConditionKeyCheck } from "./global-condition-key.ts"

const denyWhen = (condition: unknown) =>
  policyOf({ Effect: "Deny", Action: "rds:CreateDBInstance", Resource: "*", Condition: condition })

describe("scp.global-condition-key", () => {
  it.each([
    ["aws:PrincipalArn", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/pipeline" } }],
    ["a key in other case", { ArnNotLike: { "AWS:principalarn": "arn:aws:iam::*:role/pipeline" } }],
    ["a tag key", { StringEquals: { "aws:PrincipalTag/team": "platform" } }],
    [
      "a key added in 2025",
      { StringEquals: { "aws:SourceVpcArn": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1" } },
    ],
    ["a service key", { Bool: { "rds:StorageEncrypted": "false" } }],
  ])("accepts %s", (_, condition) => {
    expect(run(globalConditionKeyCheck, denyWhen(condition))).toEqual([])
  })

  it.each([
    {
      case: "a misspelt key, with the nearest global key",
      condition: { ArnNotLike: { "aws:PrincipleArn": "arn:aws:iam::*:role/pipeline" } },
      path: 'Statement[0].Condition.ArnNotLike["aws:PrincipleArn"]',
      message: "ArnNotLike on it is always true",
      fix: 'did you mean "aws:PrincipalArn"?',
    },
    {
      case: "a key that does not exist, under a normal operator",
      condition: { StringEquals: { "aws:RequestRegion": "eu-west-1" } },
      path: 'Statement[0].Condition.StringEquals["aws:RequestRegion"]',
      message: "StringEquals on it is always false",
      fix: 'did you mean "aws:RequestedRegion"?',
    },
    {
      case: "a tag prefix without the tag key",
      condition: { StringEquals: { "aws:ResourceTag": "x" } },
      path: 'Statement[0].Condition.StringEquals["aws:ResourceTag"]',
      message: "is not a global condition key",
      fix: 'name the tag: "aws:ResourceTag/<tag-key>"',
    },
  ])("warns about $case", ({ condition, path, message, fix }) => {
    const [d, ...rest] = run(globalConditionKeyCheck, denyWhen(condition))
    expect(rest).toEqual([])
    expect(d).toMatchObject({ severity: "warning", code: "scp.global-condition-key", path, fix })
    expect(d?.message).toContain(message)
  })
})
