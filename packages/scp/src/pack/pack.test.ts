import { readFileSync } from "node:fs"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fullAwsAccess, request, scp } from "../evaluate/fixtures.test-support.ts"
import { compileHierarchy } from "../evaluate/hierarchy-evaluator.ts"
import { parsePolicyText } from "../parse.ts"
import { PackOverflow, packStatements } from "./pack.ts"

const catalog = [
  "deny-unencrypted-rds",
  "protect-backups",
  "protect-config",
  "protect-cloudtrail",
  "protect-rampart-roles",
  "deny-leave-organization",
].map((id) => ({
  guardrail: id,
  document: JSON.parse(
    readFileSync(new URL(`../../../../policies/scp/${id}.json`, import.meta.url), "utf8")
      .replaceAll(
        '"{{exemptPrincipalArns}}"',
        '["arn:aws:iam::*:role/RampartPipeline","arn:aws:iam::*:role/RampartBreakGlass"]',
      )
      .replaceAll("{{org.partition}}", "aws")
      .replaceAll("{{roles.audit}}", "RampartAudit")
      .replaceAll("{{roles.remediation}}", "RampartRemediation")
      .replaceAll("{{roles.hub}}", "RampartHub")
      .replaceAll("{{org.hubAccountId}}", "111111111111"),
  ) as unknown,
}))

const statement = (sid: string, padding: number) => ({
  Sid: sid,
  Effect: "Deny",
  Action: `s3:${"X".repeat(padding)}`,
  Resource: "*",
})
const doc = (...statements: ReadonlyArray<Record<string, unknown>>) => ({
  Version: "2012-10-17",
  Statement: statements,
})

describe("packStatements", () => {
  it("packs the six catalog SCPs into one policy under the current quota, valid and within size", () => {
    const packed = packStatements(catalog, { freeSlots: 9, maxCharacters: 10_240 })
    expect(packed).toHaveLength(1)
    expect(packed[0]?.characters).toBe(packed[0]?.text.length)
    expect(packed[0]?.characters).toBeLessThanOrEqual(10_240)
    expect(parsePolicyText(packed[0]?.text ?? "", { kind: "scp", file: "packed" }).diagnostics).toEqual([])
    expect(packed[0]?.guardrails).toEqual(catalog.map((c) => c.guardrail))
  })

  it("needs two policies under the earlier 5,120-character quota", () => {
    const packed = packStatements(catalog, { freeSlots: 4, maxCharacters: 5_120 })
    expect(packed).toHaveLength(2)
    for (const policy of packed) expect(policy.characters).toBeLessThanOrEqual(5_120)
  })

  it("is deterministic", () => {
    const a = packStatements(catalog, { freeSlots: 4, maxCharacters: 5_120 })
    const b = packStatements(catalog, { freeSlots: 4, maxCharacters: 5_120 })
    expect(b).toEqual(a)
  })

  it("finds the fewest policies where first-fit decreasing does not", () => {
    // Costs 4,4,3,3,2,2 into bins of 9: first-fit decreasing opens three bins, two suffice (4+3+2 twice).
    const overhead = JSON.stringify({ Version: "2012-10-17", Statement: [] }).length
    const base = JSON.stringify(statement("S0", 0)).length
    const unit = 60
    const statements = [4, 4, 3, 3, 2, 2].map((c, i) => statement(`S${i}`, c * unit - 1 - base))
    const maxCharacters = 9 * unit + overhead - 1
    const packed = packStatements([{ guardrail: "g", document: doc(...statements) }], {
      freeSlots: 5,
      maxCharacters,
    })
    expect(packed).toHaveLength(2)
    for (const policy of packed) expect(policy.characters).toBe(maxCharacters)
  })

  it("keeps Sids unique by naming the guardrail when two use the same Sid", () => {
    const packed = packStatements(
      [
        { guardrail: "first-guardrail", document: doc(statement("DenyAll", 1)) },
        { guardrail: "second-guardrail", document: doc(statement("DenyAll", 2)) },
      ],
      { freeSlots: 1, maxCharacters: 10_240 },
    )
    const sids = (JSON.parse(packed[0]?.text ?? "{}") as { Statement: Array<{ Sid: string }> }).Statement.map(
      (s) => s.Sid,
    )
    expect(sids).toEqual(["DenyAll", "SecondGuardrailDenyAll"])
  })

  it("fails naming the overflow when the slots are too few", () => {
    try {
      packStatements(catalog, { freeSlots: 1, maxCharacters: 5_120 })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(PackOverflow)
      const overflow = error as PackOverflow
      expect(overflow.reason).toBe("not-enough-slots")
      expect(overflow.policiesNeeded).toBe(2)
      expect(overflow.overflowCharacters).toBeGreaterThan(0)
      expect(overflow.message).toMatch(/need 2 SCPs .* only 1 slot\(s\) are free; \d+ characters do not fit/)
    }
  })

  it("fails when one statement alone exceeds the quota", () => {
    expect(() =>
      packStatements([{ guardrail: "big", document: doc(statement("Huge", 6_000)) }], {
        freeSlots: 3,
        maxCharacters: 5_120,
      }),
    ).toThrow(/needs \d+ characters on its own/)
  })
})

describe("packing never changes a decision (property)", () => {
  const actions = [
    "s3:GetObject",
    "s3:PutObject",
    "rds:CreateDBInstance",
    "rds:DeleteDBInstance",
    "iam:PassRole",
    "ec2:RunInstances",
  ]
  const regions = ["eu-west-1", "us-east-1"]
  const roles = ["Developer", "Admin", "Pipeline"]
  const statementArb = fc.record({
    Effect: fc.constantFrom("Deny"),
    Action: fc.subarray(
      ["s3:*", "s3:Get*", "rds:Create*", "rds:*DBInstance", "iam:PassRole", "ec2:Run*", "*"],
      { minLength: 1 },
    ),
    Resource: fc.constant("*"),
    Condition: fc.option(
      fc.oneof(
        fc.record({ StringNotEquals: fc.record({ "aws:RequestedRegion": fc.constantFrom(...regions) }) }),
        fc.record({
          ArnNotLike: fc.record({
            "aws:PrincipalArn": fc.constantFrom(...roles.map((r) => `arn:aws:iam::*:role/${r}`)),
          }),
        }),
      ),
      { nil: undefined },
    ),
  })
  const guardrailsArb = fc.array(fc.array(statementArb, { minLength: 1, maxLength: 6 }), {
    minLength: 1,
    maxLength: 5,
  })
  const requestArb = fc.record({
    action: fc.constantFrom(...actions),
    region: fc.constantFrom(...regions),
    role: fc.constantFrom(...roles),
  })

  it("holds for random guardrails, quotas and requests", () => {
    fc.assert(
      fc.property(
        guardrailsArb,
        fc.integer({ min: 400, max: 3_000 }),
        fc.array(requestArb, { minLength: 1, maxLength: 10 }),
        (guardrails, maxCharacters, requests) => {
          const inputs = guardrails.map((statements, g) => ({
            guardrail: `g${g}`,
            document: {
              Version: "2012-10-17",
              Statement: statements.map((s, i) => ({
                Sid: `S${i}`,
                ...s,
                ...(s.Condition ? {} : { Condition: undefined }),
              })),
            },
          }))
          let packed: ReturnType<typeof packStatements>
          try {
            packed = packStatements(inputs, { freeSlots: 20, maxCharacters })
          } catch (error) {
            if (error instanceof PackOverflow) return
            throw error
          }
          for (const policy of packed) expect(policy.characters).toBeLessThanOrEqual(maxCharacters)
          const separate = compileHierarchy({
            levels: [
              {
                id: "ou",
                policies: [
                  { name: "Full", document: fullAwsAccess },
                  ...inputs.map((input) => ({
                    name: input.guardrail,
                    document: scp(JSON.parse(JSON.stringify(input.document))),
                  })),
                ],
              },
            ],
          })
          const together = compileHierarchy({
            levels: [
              {
                id: "ou",
                policies: [
                  { name: "Full", document: fullAwsAccess },
                  ...packed.map((p) => ({ name: `p${p.index}`, document: scp(JSON.parse(p.text)) })),
                ],
              },
            ],
          })
          for (const r of requests) {
            const req = request(r.action, { region: r.region, role: r.role })
            expect(together.evaluate(req).decision).toBe(separate.evaluate(req).decision)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
