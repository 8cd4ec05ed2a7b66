import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Hierarchy } from "../hierarchy.ts"
import { fullAwsAccess, request, scp } from "./fixtures.test-support.ts"
import { compileHierarchy } from "./hierarchy-evaluator.ts"

const actions = [
  "s3:GetObject",
  "s3:PutObject",
  "rds:CreateDBInstance",
  "rds:CreateDBCluster",
  "iam:PassRole",
  "ec2:RunInstances",
  "organizations:LeaveOrganization",
]
const regions = ["eu-west-1", "us-east-1", "ap-south-1"]
const roles = ["Developer", "Admin", "Pipeline"]

const conditionArb = fc.oneof(
  fc.record({
    StringNotEquals: fc.record({ "aws:RequestedRegion": fc.subarray(regions, { minLength: 1 }) }),
  }),
  fc.record({ StringEquals: fc.record({ "aws:RequestedRegion": fc.constantFrom(...regions) }) }),
  fc.record({
    ArnNotLike: fc.record({
      "aws:PrincipalArn": fc.constantFrom(...roles.map((r) => `arn:aws:iam::*:role/${r}`)),
    }),
  }),
  fc.record({ Bool: fc.record({ "rds:StorageEncrypted": fc.constantFrom("true", "false") }) }),
  fc.record({ Null: fc.record({ "rds:StorageEncrypted": fc.constantFrom("true", "false") }) }),
)
const actionPatternArb = fc.constantFrom(
  "*",
  "s3:*",
  "s3:Get*",
  "rds:Create*",
  "rds:*DB*",
  "iam:PassRole",
  "ec2:RunInstances",
  "organizations:*",
)
const statementArb = (effect: "Allow" | "Deny") =>
  fc
    .record({
      action: fc.array(actionPatternArb, { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      condition: fc.option(conditionArb, { nil: undefined }),
    })
    .map((s) => ({
      Effect: effect,
      [s.notAction ? "NotAction" : "Action"]: s.action,
      Resource: "*",
      ...(s.condition ? { Condition: s.condition } : {}),
    }))
const policyArb = fc
  .array(fc.oneof(statementArb("Allow"), statementArb("Deny")), { minLength: 1, maxLength: 4 })
  .map((statements) => scp({ Version: "2012-10-17", Statement: statements }))
const levelArb = fc.record({ full: fc.boolean(), policies: fc.array(policyArb, { maxLength: 3 }) })
const hierarchyArb = fc.array(levelArb, { minLength: 2, maxLength: 5 }).map(
  (levels): Hierarchy => ({
    levels: levels.map((level, i) => ({
      id: i === 0 ? "r-root" : i === levels.length - 1 ? "111111111111" : `ou-${i}`,
      policies: [
        ...(level.full ? [{ name: "FullAWSAccess", document: fullAwsAccess }] : []),
        ...level.policies.map((document, p) => ({ name: `P${p}`, document })),
      ],
    })),
  }),
)
const requestArb = fc
  .record({
    action: fc.constantFrom(...actions),
    region: fc.constantFrom(...regions),
    role: fc.constantFrom(...roles),
    encrypted: fc.constantFrom("true", "false", undefined),
  })
  .map((r) =>
    request(r.action, {
      region: r.region,
      role: r.role,
      context: r.encrypted ? { "rds:StorageEncrypted": r.encrypted } : {},
    }),
  )

describe("evaluation invariants (properties)", () => {
  it("adding a Deny statement never turns a denial into an allow, nor an allow into anything but Allow or a deny", () => {
    fc.assert(
      fc.property(
        hierarchyArb,
        statementArb("Deny"),
        fc.nat(),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (hierarchy, denyStatement, at, requests) => {
          const level = at % hierarchy.levels.length
          const extra = {
            name: "Extra",
            document: scp({ Version: "2012-10-17", Statement: [denyStatement] }),
          }
          const more: Hierarchy = {
            levels: hierarchy.levels.map((l, i) =>
              i === level ? { ...l, policies: [...l.policies, extra] } : l,
            ),
          }
          const before = compileHierarchy(hierarchy)
          const after = compileHierarchy(more)
          for (const r of requests) {
            const was = before.evaluate(r).decision
            const now = after.evaluate(r).decision
            if (was !== "Allow") expect(now).not.toBe("Allow")
            if (was === "ExplicitDeny") expect(now).toBe("ExplicitDeny")
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it("removing FullAWSAccess at a level never allows more", () => {
    fc.assert(
      fc.property(
        hierarchyArb,
        fc.nat(),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (hierarchy, at, requests) => {
          const level = at % hierarchy.levels.length
          const fewer: Hierarchy = {
            levels: hierarchy.levels.map((l, i) =>
              i === level ? { ...l, policies: l.policies.filter((p) => p.name !== "FullAWSAccess") } : l,
            ),
          }
          const before = compileHierarchy(hierarchy)
          const after = compileHierarchy(fewer)
          for (const r of requests) {
            if (before.evaluate(r).decision !== "Allow") expect(after.evaluate(r).decision).not.toBe("Allow")
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it("the same request gives the same decision however often it is asked (no state leaks between evaluations)", () => {
    fc.assert(
      fc.property(
        hierarchyArb,
        fc.array(requestArb, { minLength: 2, maxLength: 8 }),
        (hierarchy, requests) => {
          const compiled = compileHierarchy(hierarchy)
          const first = requests.map((r) => compiled.evaluate(r))
          const again = [...requests]
            .reverse()
            .map((r) => compiled.evaluate(r))
            .reverse()
          expect(again).toEqual(first)
        },
      ),
      { numRuns: 200 },
    )
  })
})
