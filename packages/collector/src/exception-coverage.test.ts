import type { Finding, GuardrailException } from "@rampart/model"
import { describe, expect, it } from "vitest"
import { withExceptions } from "./exception-coverage.ts"

const finding = (accountId: string, ouPath: string, guardrail = "rampart-rds-security"): Finding => ({
  kind: "evaluation",
  accountId,
  ouPath,
  region: "eu-west-1",
  guardrail,
  rule: "rampart-rds-storage-encrypted",
  resourceType: "AWS::RDS::DBInstance",
  resourceId: "db-LEGACY",
  status: "NON_COMPLIANT",
  evaluatedAt: "2026-11-22T06:00:00.000Z",
})

const exception = (target: GuardrailException["target"], expires = "2027-03-31"): GuardrailException => ({
  guardrail: "rds-security",
  target,
  principals: [],
  owner: "analytics-platform@example.com",
  reason: "legacy reporting database",
  expires,
})

describe("withExceptions", () => {
  const now = new Date("2026-11-22T12:00:00Z")

  it("names the exception in force for the finding's guardrail and account or OU", () => {
    const byAccount = withExceptions([exception({ kind: "account", accountId: "222222222214" })], now)
    expect(byAccount(finding("222222222214", "/Workloads/Prod")).exception).toBe("rds-security:222222222214")
    expect(byAccount(finding("222222222213", "/Workloads/Prod")).exception).toBeUndefined()
    const byOu = withExceptions([exception({ kind: "ou", path: "/Workloads" })], now)
    expect(byOu(finding("222222222213", "/Workloads/Prod")).exception).toBe("rds-security:/Workloads")
    // An organization pack's member copy is the same guardrail.
    expect(
      byOu(finding("222222222213", "/Workloads/Prod", "OrgConformsPack-rampart-rds-security-ab12cd34"))
        .exception,
    ).toBe("rds-security:/Workloads")
    expect(byOu(finding("222222222213", "/WorkloadsArchive")).exception).toBeUndefined()
  })

  it("ignores expired exceptions, other guardrails and packs Rampart did not deploy", () => {
    const target = { kind: "account", accountId: "222222222214" } as const
    expect(
      withExceptions([exception(target, "2026-11-21")], now)(finding("222222222214", "/W")).exception,
    ).toBe(undefined)
    // In force through the whole of its last day.
    expect(
      withExceptions([exception(target, "2026-11-22")], now)(finding("222222222214", "/W")).exception,
    ).toBe("rds-security:222222222214")
    const covered = withExceptions([exception(target)], now)
    expect(covered(finding("222222222214", "/W", "rampart-backup-protection")).exception).toBeUndefined()
    expect(covered(finding("222222222214", "/W", "customer-pack")).exception).toBeUndefined()
  })
})
