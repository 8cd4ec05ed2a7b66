import { describe, expect, it } from "vitest"
import { policyOf, run } from "./fixtures.test-support.ts"
import { redundantStatementCheck } from "./redundant-statement.ts"

const exempt = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/pipeline" } }
const deny = (sid: string, action: unknown, condition: unknown = exempt) => ({
  Sid: sid,
  Effect: "Deny",
  Action: action,
  Resource: "*",
  Condition: condition,
})

describe("scp.redundant-statement", () => {
  it.each([
    [
      "different actions",
      policyOf(deny("A", "backup:DeleteBackupVault"), deny("B", "backup:DeleteRecoveryPoint")),
    ],
    ["different conditions", policyOf(deny("A", "backup:*"), deny("B", "backup:DeleteRecoveryPoint", {}))],
    [
      "the catalog's two RDS instance statements (Bool versus Null)",
      policyOf(
        deny("A", "rds:CreateDBInstance", { Bool: { "rds:StorageEncrypted": "false" } }),
        deny("B", "rds:CreateDBInstance", { Null: { "rds:StorageEncrypted": "true" } }),
      ),
    ],
  ])("accepts %s", (_, document) => {
    expect(run(redundantStatementCheck, document)).toEqual([])
  })

  it("warns about a statement another one covers, with what it costs", () => {
    const [d, ...rest] = run(
      redundantStatementCheck,
      policyOf(
        deny("All", "backup:*"),
        deny("One", ["backup:DeleteBackupVault", "BACKUP:deleterecoverypoint"]),
      ),
    )
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity: "warning",
      code: "scp.redundant-statement",
      path: "Statement[1]",
      value: "One",
    })
    expect(d?.message).toMatch(/statement One is covered by statement All .*costs about \d+ characters/)
    expect(d?.fix).toBe("remove it or merge its actions into All")
  })

  it("reports only the second of two identical statements", () => {
    const diagnostics = run(redundantStatementCheck, policyOf(deny("A", "s3:*"), deny("B", "s3:*")))
    expect(diagnostics.map((d) => d.path)).toEqual(["Statement[1]"])
  })
})
