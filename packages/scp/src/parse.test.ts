import { describe, expect, it } from "vitest"
import { parsePolicy, parsePolicyText } from "./parse.ts"

const scp = { kind: "scp", file: "p.json" } as const

const codes = (result: ReturnType<typeof parsePolicy>) => result.diagnostics.map((d) => d.code)

describe("parsePolicy", () => {
  it("normalises single values into lists and condition scalars into strings", () => {
    const result = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: {
          Sid: "DenyUnencrypted",
          Effect: "Deny",
          Action: "rds:CreateDBCluster",
          Resource: "*",
          Condition: { Bool: { "rds:StorageEncrypted": false } },
        },
      },
      scp,
    )
    expect(result.diagnostics).toEqual([])
    expect(result.document?.statements[0]).toEqual({
      index: 0,
      sid: "DenyUnencrypted",
      effect: "Deny",
      action: ["rds:CreateDBCluster"],
      resource: ["*"],
      condition: { Bool: { "rds:StorageEncrypted": ["false"] } },
    })
  })

  it("accepts the September 2025 SCP grammar: NotAction, conditions and resource ARNs in Allow, NotResource", () => {
    const result = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            NotAction: ["iam:*"],
            Resource: "arn:aws:s3:::bucket/*",
            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
          },
          { Effect: "Deny", Action: "s3:*Object*", NotResource: ["arn:aws:s3:::logs/*"] },
        ],
      },
      scp,
    )
    expect(result.diagnostics).toEqual([])
    expect(result.document?.statements).toHaveLength(2)
  })

  it("rejects Principal in an SCP and points to aws:PrincipalArn", () => {
    const result = parsePolicy(
      { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] },
      scp,
    )
    expect(result.document).toBeUndefined()
    expect(result.diagnostics[0]).toMatchObject({
      code: "policy.principal-not-allowed",
      path: "Statement[0].Principal",
    })
    expect(result.diagnostics[0]?.fix).toContain("aws:PrincipalArn")
  })

  it("requires a Principal in a trust policy and no Resource", () => {
    const trust = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:role/Hub" },
            Action: "sts:AssumeRole",
          },
        ],
      },
      { kind: "trust", file: "t.json" },
    )
    expect(trust.diagnostics).toEqual([])
    expect(trust.document?.statements[0]?.principal).toEqual({ AWS: ["arn:aws:iam::111111111111:role/Hub"] })
    const missing = parsePolicy(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] },
      { kind: "trust", file: "t.json" },
    )
    expect(codes(missing)).toEqual(["policy.missing-element"])
  })

  it("names the unknown condition operator and suggests the nearest", () => {
    const result = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { StringEqualz: { "aws:PrincipalTag/x": "y" } },
          },
        ],
      },
      scp,
    )
    expect(result.diagnostics[0]).toMatchObject({
      code: "policy.condition-operator",
      path: "Statement[0].Condition.StringEqualz",
    })
    expect(result.diagnostics[0]?.fix).toBe('did you mean "StringEquals"?')
  })

  it("accepts qualified operators and rejects IfExists on Null", () => {
    const ok = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a*"] } },
          },
        ],
      },
      scp,
    )
    expect(ok.diagnostics).toEqual([])
    const bad = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Deny", Action: "*", Resource: "*", Condition: { NullIfExists: { "aws:x": "true" } } },
        ],
      },
      scp,
    )
    expect(codes(bad)).toEqual(["policy.condition-operator"])
  })

  it("reports every problem at once, each with its path", () => {
    const result = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          { Effect: "deny", Action: "rds:Create", NotAction: "x", Resource: "*", Extra: 1 },
          { Sid: "A", Effect: "Allow", Action: "*", Resource: "*" },
          { Sid: "A", Effect: "Allow", Action: "*", Resource: "*" },
        ],
      },
      scp,
    )
    expect(codes(result).sort()).toEqual(
      [
        "policy.action-format",
        "policy.both-elements",
        "policy.duplicate-sid",
        "policy.effect",
        "policy.unknown-element",
      ].sort(),
    )
    expect(result.diagnostics.find((d) => d.code === "policy.duplicate-sid")?.path).toBe("Statement[2].Sid")
  })

  it("rejects a policy without statements", () => {
    expect(codes(parsePolicy({ Version: "2012-10-17", Statement: [] }, scp))).toEqual(["policy.no-statement"])
  })
})

describe("parsePolicyText", () => {
  it("gives the line and column of a JSON syntax error", () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Deny" "Action": "*" }\n  ]\n}'
    const result = parsePolicyText(text, scp)
    expect(result.diagnostics).toHaveLength(1)
    expect(result.diagnostics[0]).toMatchObject({
      code: "json.syntax",
      file: "p.json",
      position: { line: 4, column: 24 },
    })
  })
})
