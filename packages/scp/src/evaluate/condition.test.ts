import { describe, expect, it } from "vitest"
import type { ConditionBlock } from "../policy.ts"
import { compileCondition } from "./condition.ts"
import { prepareRequest } from "./prepared-request.ts"
import { False, True, Unknown } from "./truth.ts"

const test = (
  block: Record<string, Record<string, string | string[]>>,
  context: Record<string, string | string[]>,
  world: "open" | "closed" = "closed",
) => {
  const normalised: ConditionBlock = Object.fromEntries(
    Object.entries(block).map(([op, keys]) => [
      op,
      Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, typeof v === "string" ? [v] : v])),
    ]),
  )
  return compileCondition(normalised).test(
    prepareRequest({
      action: "s3:GetObject",
      principalArn: "arn:aws:iam::111111111111:role/R",
      account: "111111111111",
      context,
      world,
    }),
  )
}

type Row = readonly [
  string,
  Record<string, Record<string, string | string[]>>,
  Record<string, string | string[]>,
  0 | 1 | 2,
]

const rows: ReadonlyArray<Row> = [
  // String family
  [
    "StringEquals matches exactly",
    { StringEquals: { "aws:PrincipalTag/team": "data" } },
    { "aws:PrincipalTag/team": "data" },
    True,
  ],
  [
    "StringEquals is case-sensitive",
    { StringEquals: { "aws:PrincipalTag/team": "data" } },
    { "aws:PrincipalTag/team": "Data" },
    False,
  ],
  [
    "keys are case-insensitive",
    { StringEquals: { "AWS:PRINCIPALTAG/team": "data" } },
    { "aws:PrincipalTag/team": "data" },
    True,
  ],
  [
    "values of one key are ORed",
    { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
    { "aws:RequestedRegion": "eu-central-1" },
    True,
  ],
  [
    "StringNotEquals is NOR over the values",
    { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
    { "aws:RequestedRegion": "eu-central-1" },
    False,
  ],
  [
    "StringEqualsIgnoreCase",
    { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "DATA" } },
    { "aws:PrincipalTag/team": "data" },
    True,
  ],
  [
    "StringNotEqualsIgnoreCase",
    { StringNotEqualsIgnoreCase: { "aws:PrincipalTag/team": "DATA" } },
    { "aws:PrincipalTag/team": "data" },
    False,
  ],
  [
    "StringLike with *",
    { StringLike: { "rds:DatabaseEngine": "aurora*" } },
    { "rds:DatabaseEngine": "aurora-postgresql" },
    True,
  ],
  [
    "StringNotLike with *",
    { StringNotLike: { "rds:DatabaseEngine": "aurora*" } },
    { "rds:DatabaseEngine": "mysql" },
    True,
  ],
  [
    "StringLike with ?",
    { StringLike: { "aws:PrincipalTag/env": "pro?" } },
    { "aws:PrincipalTag/env": "prod" },
    True,
  ],
  // Absent keys
  ["absent key: plain operator is false", { StringEquals: { "aws:PrincipalTag/team": "data" } }, {}, False],
  [
    "absent key: negated operator is true",
    { StringNotEquals: { "aws:PrincipalTag/team": "data" } },
    {},
    True,
  ],
  ["absent key: IfExists is true", { StringEqualsIfExists: { "aws:PrincipalTag/team": "data" } }, {}, True],
  [
    "present key: IfExists tests the value",
    { StringEqualsIfExists: { "aws:PrincipalTag/team": "data" } },
    { "aws:PrincipalTag/team": "ops" },
    False,
  ],
  // Null
  ["Null true: absent", { Null: { "rds:StorageEncrypted": "true" } }, {}, True],
  [
    "Null true: present",
    { Null: { "rds:StorageEncrypted": "true" } },
    { "rds:StorageEncrypted": "false" },
    False,
  ],
  [
    "Null false: present",
    { Null: { "rds:StorageEncrypted": "false" } },
    { "rds:StorageEncrypted": "true" },
    True,
  ],
  // Bool
  [
    "Bool false matches false",
    { Bool: { "aws:SecureTransport": "false" } },
    { "aws:SecureTransport": "false" },
    True,
  ],
  [
    "Bool compares case-insensitively",
    { Bool: { "aws:SecureTransport": "true" } },
    { "aws:SecureTransport": "TRUE" },
    True,
  ],
  ["Bool false does not fire on an absent key", { Bool: { "rds:StorageEncrypted": "false" } }, {}, False],
  // Numeric
  [
    "NumericLessThan",
    { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } },
    { "aws:MultiFactorAuthAge": "1200" },
    True,
  ],
  [
    "NumericGreaterThanEquals at the bound",
    { NumericGreaterThanEquals: { "s3:max-keys": "10" } },
    { "s3:max-keys": "10" },
    True,
  ],
  [
    "NumericEquals with a non-number is false",
    { NumericEquals: { "s3:max-keys": "10" } },
    { "s3:max-keys": "ten" },
    False,
  ],
  ["NumericNotEquals", { NumericNotEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, True],
  // Date
  [
    "DateLessThan with ISO dates",
    { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
    { "aws:CurrentTime": "2026-11-22T10:00:00Z" },
    True,
  ],
  [
    "DateGreaterThan with epoch seconds",
    { DateGreaterThan: { "aws:EpochTime": "1700000000" } },
    { "aws:EpochTime": "1800000000" },
    True,
  ],
  [
    "DateGreaterThan compares epoch and ISO",
    { DateGreaterThan: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" } },
    { "aws:TokenIssueTime": "1700000000" },
    False,
  ],
  // IP addresses
  [
    "IpAddress in the block",
    { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
    { "aws:SourceIp": "203.0.113.77" },
    True,
  ],
  [
    "IpAddress outside the block",
    { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
    { "aws:SourceIp": "198.51.100.1" },
    False,
  ],
  [
    "NotIpAddress outside the block",
    { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } },
    { "aws:SourceIp": "198.51.100.1" },
    True,
  ],
  [
    "IPv6 block",
    { IpAddress: { "aws:SourceIp": "2001:db8::/32" } },
    { "aws:SourceIp": "2001:db8:0:1::5" },
    True,
  ],
  [
    "IPv6 outside",
    { IpAddress: { "aws:SourceIp": "2001:db8::/32" } },
    { "aws:SourceIp": "2001:db9::1" },
    False,
  ],
  // ARNs
  [
    "ArnLike per segment",
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } },
    { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/AdminTeam" },
    True,
  ],
  [
    "ArnLike: a wildcard does not cross the account segment",
    { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } },
    { "aws:SourceArn": "arn:aws:s3:eu-west-1:111111111111:x" },
    False,
  ],
  [
    "ArnNotLike exempts",
    { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/Pipeline"] } },
    { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/Pipeline" },
    False,
  ],
  [
    "ArnEquals exact",
    { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" } },
    { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:topic" },
    True,
  ],
  // Binary
  ["BinaryEquals", { BinaryEquals: { "s3:x": "QmluYXJ5" } }, { "s3:x": "QmluYXJ5" }, True],
  // Several operators and keys: AND
  [
    "all operators must hold",
    { StringEquals: { "aws:RequestedRegion": "eu-west-1" }, Bool: { "aws:SecureTransport": "true" } },
    { "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": "false" },
    False,
  ],
  // Multi-valued keys
  [
    "ForAllValues: every value in the set",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
    { "aws:TagKeys": ["team"] },
    True,
  ],
  [
    "ForAllValues: one value outside",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
    { "aws:TagKeys": ["team", "cost"] },
    False,
  ],
  [
    "ForAllValues: absent key is true",
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
    {},
    True,
  ],
  [
    "ForAnyValue: one value in the set",
    { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
    { "aws:TagKeys": ["cost", "team"] },
    True,
  ],
  [
    "ForAnyValue: absent key is false",
    { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
    {},
    False,
  ],
  [
    "ForAnyValue:StringNotEquals: some value outside the set",
    { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team"] } },
    { "aws:TagKeys": ["team", "cost"] },
    True,
  ],
  [
    "ForAllValues:StringNotLike: no value matches",
    { "ForAllValues:StringNotLike": { "aws:TagKeys": ["aws:*"] } },
    { "aws:TagKeys": ["team", "aws:x"] },
    False,
  ],
  // Policy variables
  [
    "policy variable in a value",
    { StringEquals: { "aws:ResourceTag/owner": "${aws:username}" } },
    { "aws:ResourceTag/owner": "alice", "aws:username": "alice" },
    True,
  ],
  [
    "policy variable with a fallback",
    { StringEquals: { "aws:ResourceTag/owner": "${aws:username, 'nobody'}" } },
    { "aws:ResourceTag/owner": "nobody" },
    True,
  ],
  // Open world
  ["unrecorded key is unknown", { StringEquals: { "rds:DatabaseEngine": "mysql" } }, {}, Unknown],
]

describe("compileCondition", () => {
  for (const [name, block, context, expected] of rows) {
    it(name, () =>
      expect(test(block, context, name.startsWith("unrecorded") ? "open" : "closed")).toBe(expected),
    )
  }

  it("a false condition decides even when another key is unknown", () => {
    expect(
      test(
        { StringEquals: { "aws:RequestedRegion": "eu-west-1", "rds:DatabaseEngine": "mysql" } },
        { "aws:RequestedRegion": "us-east-1" },
        "open",
      ),
    ).toBe(False)
  })
})
