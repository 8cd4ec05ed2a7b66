import { describe, expect, it } from "vitest"
import { before2026Quotas, currentQuotas } from "../quotas.ts"
import { attachmentSlotsCheck } from "./attachment-slots.ts"
import { fullAwsAccess, guardrail, hierarchyOf } from "./fixtures.test-support.ts"
import type { LintContext } from "./lint-check.ts"

const guardrails = (n: number) => Array.from({ length: n }, (_, i) => guardrail(`rampart-guardrail-${i + 1}`))
const owned = new Set(guardrails(12).map((p) => p.name))
const context: LintContext = {
  quotas: before2026Quotas,
  ownedPolicyNames: owned,
  hierarchyFile: "rampart.yaml",
}

describe("scp.attachment-slots", () => {
  it("accepts FullAWSAccess plus guardrails within the quota at every level", () => {
    const hierarchy = hierarchyOf([fullAwsAccess], [fullAwsAccess, ...guardrails(3)], [fullAwsAccess])
    expect(attachmentSlotsCheck.check(hierarchy, context)).toEqual([])
  })

  it.each([
    {
      case: "over the quota, counting FullAWSAccess: an error naming the AWS reason",
      policies: [fullAwsAccess, ...guardrails(5)],
      quotas: before2026Quotas,
      severity: "error",
      message:
        "would have 6 SCPs attached (5 Rampart's, 1 others such as FullAWSAccess); the quota is 5 per target (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)",
    },
    {
      case: "every slot used: a warning",
      policies: [fullAwsAccess, ...guardrails(9)],
      quotas: currentQuotas,
      severity: "warning",
      message: "uses all 10 SCP slots",
    },
    {
      case: "no policy at all: an error, AWS keeps at least one",
      policies: [],
      quotas: currentQuotas,
      severity: "error",
      message:
        "has no SCP attached; AWS requires at least one on every root, OU and account (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)",
    },
    {
      case: "FullAWSAccess removed, only denies left: a warning that everything below is denied",
      policies: guardrails(2),
      quotas: currentQuotas,
      severity: "warning",
      message: "no SCP at ou-root-level1 allows anything: every action is implicitly denied",
    },
  ])("$case", ({ policies, quotas, severity, message }) => {
    const hierarchy = hierarchyOf([fullAwsAccess], policies, [fullAwsAccess])
    const [d, ...rest] = attachmentSlotsCheck.check(hierarchy, { ...context, quotas })
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity,
      code: "scp.attachment-slots",
      file: "rampart.yaml",
      path: "levels[1].policies",
      value: policies.map((p) => p.name),
    })
    expect(d?.message).toContain(message)
  })

  it("recognises an allow-list that replaced FullAWSAccess and says so", () => {
    const allowList = {
      name: "allow-list",
      document: {
        statements: [{ index: 0, effect: "Allow" as const, action: ["s3:*", "ec2:*"], resource: ["*"] }],
      },
    }
    const [d] = attachmentSlotsCheck.check(
      hierarchyOf([fullAwsAccess], [allowList], [fullAwsAccess]),
      context,
    )
    expect(d?.message).toContain(
      "only the actions its Allow statements list are possible below it (allow-list)",
    )
  })
})
