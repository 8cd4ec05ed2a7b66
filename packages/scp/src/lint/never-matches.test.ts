import { describe, expect, it } from "vitest"
import { policyOf, run } from "./fixtures.test-support.ts"
import { neverMatchesCheck } from "./never-matches.ts"

const denyWhen = (condition: unknown, extra: Record<string, unknown> = {}) =>
  policyOf({ Effect: "Deny", Action: "rds:CreateDBInstance", Resource: "*", Condition: condition, ...extra })

describe("scp.never-matches", () => {
  it.each([
    [
      "the catalog's instance deny",
      { StringNotLike: { "rds:DatabaseEngine": "aurora*" }, Bool: { "rds:StorageEncrypted": "false" } },
    ],
    [
      "Null true with a negated test of the same key",
      { Null: { "aws:SourceVpce": "true" }, StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
    ],
    [
      "Null true with an IfExists test of the same key",
      { Null: { "rds:StorageEncrypted": "true" }, BoolIfExists: { "rds:StorageEncrypted": "false" } },
    ],
    [
      "valid values of every family",
      {
        Bool: { "aws:SecureTransport": "False" },
        NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        DateGreaterThan: { "aws:CurrentTime": "2026-05-15T00:00:00Z", "aws:TokenIssueTime": "1778803200" },
        NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"] },
        StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-gov-west-1", "ap-southeast-5"] },
      },
    ],
    ["a set operator on a multivalued key", { "ForAnyValue:StringEquals": { "aws:TagKeys": "owner" } }],
    ["a policy variable", { NumericLessThan: { "aws:EpochTime": "${aws:TokenIssueTime}" } }],
  ])("accepts %s", (_, condition) => {
    expect(run(neverMatchesCheck, denyWhen(condition))).toEqual([])
  })

  it.each([
    {
      case: "NotAction of every action",
      document: policyOf({ Effect: "Deny", NotAction: "*", Resource: "*" }),
      severity: "error",
      path: "Statement[0].NotAction",
      message: 'NotAction "*" excludes every action: the statement never applies',
    },
    {
      case: "NotResource of every resource",
      document: policyOf({ Effect: "Deny", Action: "s3:*", NotResource: ["*"] }),
      severity: "error",
      path: "Statement[0].NotResource[0]",
      message: 'NotResource "*" excludes every resource',
    },
    {
      case: "only actions that do not exist",
      document: policyOf({
        Effect: "Deny",
        Action: ["rds:CreateDBInstanse", "rds:Creat*Clustr"],
        Resource: "*",
      }),
      severity: "warning",
      path: "Statement[0].Action",
      message:
        "none of the statement's actions exists (rds:CreateDBInstanse, rds:Creat*Clustr): it never applies",
    },
    {
      case: "a key required absent and tested by a normal operator",
      document: denyWhen({
        Null: { "rds:StorageEncrypted": "true" },
        Bool: { "rds:StorageEncrypted": "false" },
      }),
      severity: "error",
      path: 'Statement[0].Condition.Bool["rds:StorageEncrypted"]',
      message:
        'rds:StorageEncrypted must be absent (Null: "true") and also satisfy Bool, which is false when it is absent',
    },
    {
      case: "a Bool value other than true or false",
      document: denyWhen({ Bool: { "rds:StorageEncrypted": "no" } }),
      severity: "error",
      path: 'Statement[0].Condition.Bool["rds:StorageEncrypted"]',
      message: 'Bool compares "true" or "false"; "no" never matches, so the statement never applies',
    },
    {
      case: "a Numeric value that is not a number",
      document: denyWhen({ NumericGreaterThan: { "aws:MultiFactorAuthAge": "one hour" } }),
      severity: "error",
      path: 'Statement[0].Condition.NumericGreaterThan["aws:MultiFactorAuthAge"]',
      message: '"one hour" never matches',
    },
    {
      case: "a Date that does not parse",
      document: denyWhen({ DateGreaterThan: { "aws:CurrentTime": "2026-13-45" } }),
      severity: "error",
      path: 'Statement[0].Condition.DateGreaterThan["aws:CurrentTime"]',
      message: '"2026-13-45" never matches',
    },
    {
      case: "an IpAddress value that is not an address or CIDR",
      document: denyWhen({ IpAddress: { "aws:SourceIp": "10.0.0.0/33" } }),
      severity: "error",
      path: 'Statement[0].Condition.IpAddress["aws:SourceIp"]',
      message: '"10.0.0.0/33" never matches',
    },
    {
      case: "a Region that is not a Region name",
      document: denyWhen({ StringEquals: { "aws:RequestedRegion": "EU-West-1" } }),
      severity: "error",
      path: 'Statement[0].Condition.StringEquals["aws:RequestedRegion"]',
      message: 'StringEquals compares Region names in lower case (eu-west-1); "EU-West-1" never matches',
    },
    {
      case: "one bad Region among good ones (the exception misses that Region)",
      document: denyWhen({ StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-westt-1"] } }),
      severity: "warning",
      path: 'Statement[0].Condition.StringNotEquals["aws:RequestedRegion"]',
      message: '"eu-westt-1" never matches',
    },
    {
      case: "a bad value under IfExists (true when the key is absent)",
      document: denyWhen({ BoolIfExists: { "aws:MultiFactorAuthPresent": "yes" } }),
      severity: "warning",
      path: 'Statement[0].Condition.BoolIfExists["aws:MultiFactorAuthPresent"]',
      message: '"yes" never matches',
    },
    {
      case: "a set operator on a single-valued key",
      document: denyWhen({
        "ForAllValues:ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/pipeline" },
      }),
      severity: "warning",
      path: 'Statement[0].Condition["ForAllValues:ArnNotLike"]["aws:PrincipalArn"]',
      message:
        "ForAllValues is for keys with several values; aws:PrincipalArn has one value, and ForAllValues is also true when the key is absent",
    },
    {
      case: "a wildcard under StringEquals",
      document: denyWhen({ StringNotEquals: { "aws:PrincipalAccount": "1111*" } }),
      severity: "warning",
      path: 'Statement[0].Condition.StringNotEquals["aws:PrincipalAccount"]',
      message: 'StringNotEquals compares literally: "*" and "?" in 1111* are not wildcards',
    },
  ])("reports $case", ({ document, severity, path, message }) => {
    const [d, ...rest] = run(neverMatchesCheck, document)
    expect(rest).toEqual([])
    expect(d).toMatchObject({ severity, code: "scp.never-matches", path })
    expect(d?.message).toContain(message)
  })
})
