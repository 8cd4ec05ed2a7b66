import { describe, expect, it } from "vitest"
import { boolWithoutNullCheck } from "./bool-without-null.ts"
import { policyOf, run } from "./fixtures.test-support.ts"

const clusterActions = ["rds:CreateDBCluster", "rds:RestoreDBClusterFromS3", "rds:CreateBlueGreenDeployment"]
const exempt = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/pipeline" } }
const denyUnencrypted = (action: unknown) => ({
  Sid: "DenyUnencrypted",
  Effect: "Deny",
  Action: action,
  Resource: "*",
  Condition: { Bool: { "rds:StorageEncrypted": "false" }, ...exempt },
})
const denyWithoutFlag = (action: unknown) => ({
  Sid: "DenyWithoutFlag",
  Effect: "Deny",
  Action: action,
  Resource: "*",
  Condition: { Null: { "rds:StorageEncrypted": "true" }, ...exempt },
})

describe("scp.bool-without-null", () => {
  it.each([
    [
      "a Null deny on the same actions",
      policyOf(denyUnencrypted(clusterActions), denyWithoutFlag(clusterActions)),
    ],
    [
      "a Null deny whose pattern covers the actions",
      policyOf(denyUnencrypted(clusterActions), denyWithoutFlag("rds:*")),
    ],
    [
      "BoolIfExists, which denies when the key is absent",
      policyOf({
        Effect: "Deny",
        Action: "rds:CreateDBCluster",
        Resource: "*",
        Condition: { BoolIfExists: { "rds:StorageEncrypted": "false" } },
      }),
    ],
    [
      "a global key that is always present",
      policyOf({
        Effect: "Deny",
        Action: "s3:*",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    ],
    [
      "an Allow (only Deny statements leave the gap)",
      policyOf({
        Effect: "Allow",
        Action: "rds:CreateDBCluster",
        Resource: "*",
        Condition: { Bool: { "rds:StorageEncrypted": "false" } },
      }),
    ],
  ])("accepts %s", (_, document) => {
    expect(run(boolWithoutNullCheck, document)).toEqual([])
  })

  it("warns about the rds:StorageEncrypted gap, naming the actions left open", () => {
    const [d, ...rest] = run(
      boolWithoutNullCheck,
      policyOf(denyUnencrypted(clusterActions), denyWithoutFlag(["rds:CreateDBCluster"])),
    )
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity: "warning",
      code: "scp.bool-without-null",
      path: 'Statement[0].Condition.Bool["rds:StorageEncrypted"]',
      value: ["false"],
    })
    expect(d?.message).toContain(
      "a request that omits rds:StorageEncrypted is not denied (Bool is false for an absent key): rds:RestoreDBClusterFromS3, rds:CreateBlueGreenDeployment are open",
    )
    expect(d?.fix).toBe(
      'add a Deny of rds:RestoreDBClusterFromS3, rds:CreateBlueGreenDeployment with "Null": {"rds:StorageEncrypted": "true"} and the same exemptions, only on actions that define rds:StorageEncrypted',
    )
  })

  it("warns about a global key that requests can lack", () => {
    const [d] = run(
      boolWithoutNullCheck,
      policyOf({
        Effect: "Deny",
        Action: "iam:*",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      }),
    )
    expect(d?.message).toContain("a request that omits aws:MultiFactorAuthPresent is not denied")
  })
})
