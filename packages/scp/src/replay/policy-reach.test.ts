import { describe, expect, it } from "vitest"
import type { Hierarchy } from "../hierarchy.ts"
import { parsePolicy } from "../parse.ts"
import { policyReach } from "./policy-reach.ts"

const hierarchy = (statements: ReadonlyArray<Record<string, unknown>>): Hierarchy => {
  const parsed = parsePolicy({ Version: "2012-10-17", Statement: statements }, { kind: "scp", file: "t" })
  if (!parsed.document) throw new Error(JSON.stringify(parsed.diagnostics))
  return { levels: [{ id: "r-root", policies: [{ name: "p", document: parsed.document }] }] }
}

describe("what policies can see of a request", () => {
  it("collects condition keys and policy variables, in lower case", () => {
    const reach = policyReach([
      hierarchy([
        {
          Effect: "Deny",
          Action: "rds:*",
          Resource: "*",
          Condition: {
            Bool: { "rds:StorageEncrypted": "false" },
            StringNotEquals: { "aws:PrincipalTag/Team": "${aws:username}" },
          },
        },
      ]),
    ])
    expect([...reach.keys].sort()).toEqual(["aws:principaltag/team", "aws:username", "rds:storageencrypted"])
    expect(reach.resources).toBe(false)
  })

  it("notices statements about particular resources", () => {
    const reach = policyReach([
      hierarchy([{ Effect: "Deny", Action: "iam:*", Resource: "arn:aws:iam::*:role/Rampart*" }]),
    ])
    expect(reach.resources).toBe(true)
  })
})
