import type { DBInstance } from "@rampart/aws"
import type { StoredFinding } from "@rampart/store"
import { describe, expect, it } from "vitest"
import { planFromFindings } from "./plan.ts"
import { policy, rules } from "./remediation.test-support.ts"

const region = "eu-west-1"
const at = "2026-11-22T10:00:00.000Z"

const finding = (
  accountId: string,
  rule: string,
  resourceId: string,
  extra: Partial<StoredFinding> = {},
): StoredFinding => ({
  key: [accountId, region, rule, "AWS::RDS::DBInstance", resourceId].join("|"),
  kind: "evaluation",
  accountId,
  region,
  guardrail: "rampart-rds-security",
  rule,
  resourceType: "AWS::RDS::DBInstance",
  resourceId,
  status: "NON_COMPLIANT",
  evaluatedAt: at,
  firstSeen: at,
  lastSeen: at,
  ...extra,
})

const instance = (id: string, resourceId: string, extra: Partial<DBInstance> = {}): DBInstance => ({
  DBInstanceIdentifier: id,
  DbiResourceId: resourceId,
  Engine: "postgres",
  DBInstanceStatus: "available",
  StorageEncrypted: false,
  ...extra,
})

const settings = {
  policy,
  rules,
  access: { roleName: "RampartRemediation" },
  managementAccountId: "999999999999",
}

describe("planning a remediation from findings", () => {
  it("orders one instance's actions settings first, encryption last, and lists each finding once", () => {
    const findings = [
      finding("222222222202", "rampart-rds-storage-encrypted", "db-two"),
      finding("222222222202", "rampart-rds-instance-deletion-protection", "db-two"),
      finding("222222222202", "rampart-rds-instance-backup-enabled", "db-two"),
      finding("222222222202", "rampart-rds-instance-backup-enabled", "db-two", {
        key: "other-pack",
        guardrail: "rampart-other",
      }),
    ]
    const plan = planFromFindings(
      findings,
      new Map([[`222222222202/${region}`, [instance("app-db-2", "db-two")]]]),
      settings,
      new Date(at),
    )
    expect(plan.items.map((i) => [i.instanceId, i.action])).toEqual([
      ["app-db-2", "enable-backups"],
      ["app-db-2", "enable-deletion-protection"],
      ["app-db-2", "encrypt-rds"],
    ])
    expect(plan.skipped).toEqual([])
  })

  it("says why it leaves a finding: exception, action off, no action, management account, Aurora, replaced, gone, unreadable", () => {
    const findings = [
      finding("222222222214", "rampart-rds-storage-encrypted", "db-legacy", {
        exception: "rds-security:222222222214",
      }),
      finding("222222222201", "rampart-rds-multi-az", "db-one"),
      finding("222222222201", "rampart-rds-logging-enabled", "db-one"),
      finding("999999999999", "rampart-rds-storage-encrypted", "db-mgmt"),
      finding("222222222212", "rampart-rds-storage-encrypted", "db-aurora"),
      finding("222222222212", "rampart-rds-instance-not-public", "db-aurora"),
      finding("222222222203", "rampart-rds-storage-encrypted", "db-three"),
      finding("222222222203", "rampart-rds-instance-deletion-protection", "db-vanished"),
      finding("222222222205", "rampart-rds-instance-deletion-protection", "db-five"),
    ]
    const aurora = instance("search-aurora-1", "db-aurora", {
      Engine: "aurora-postgresql",
      DBClusterIdentifier: "search-aurora",
    })
    const plan = planFromFindings(
      findings,
      new Map<string, ReadonlyArray<DBInstance> | { readonly unreadable: string }>([
        [`222222222201/${region}`, [instance("app-db-1", "db-one")]],
        [`222222222212/${region}`, [aurora]],
        [
          `222222222203/${region}`,
          [
            instance("app-db-3", "db-three"),
            instance("app-db-3-rampart-encrypted", "db-three-copy", { StorageEncrypted: true }),
          ],
        ],
        [
          `222222222205/${region}`,
          { unreadable: "AccessDenied: not authorized to assume RampartRemediation" },
        ],
      ]),
      { ...settings, policy: { ...policy, actions: policy.actions.filter((a) => a !== "enable-multi-az") } },
      new Date(at),
    )
    // The Aurora member's public access is its own setting: that one is planned, under the cluster's lock.
    expect(plan.items.map((i) => [i.instanceId, i.action, i.clusterId])).toEqual([
      ["search-aurora-1", "disable-public-access", "search-aurora"],
    ])
    expect(plan.skipped.map((s) => [s.resourceId, s.kind])).toEqual([
      ["db-legacy", "excepted"],
      ["db-one", "action-not-enabled"],
      ["db-one", "no-action"],
      ["db-mgmt", "management-account"],
      ["db-aurora", "not-supported"],
      ["db-three", "replaced"],
      ["db-vanished", "resource-gone"],
      ["db-five", "unreadable"],
    ])
    const reasons = new Map(plan.skipped.map((s) => [s.resourceId, s.reason]))
    expect(reasons.get("db-aurora")).toMatch(
      /^not supported: Aurora instance search-aurora-1 .* cluster search-aurora/,
    )
    expect(reasons.get("db-three")).toContain("app-db-3-rampart-encrypted")
    expect(reasons.get("db-five")).toContain("AccessDenied")
    // Findings left alone name their instance wherever the account and Region were read.
    expect(plan.skipped.find((s) => s.resourceId === "db-one")?.instanceId).toBe("app-db-1")
  })

  it("keeps to the accounts and OUs asked for, leaving the others out of the plan entirely", () => {
    const findings = [
      finding("222222222201", "rampart-rds-instance-deletion-protection", "db-one", {
        ouPath: "/Workloads/Dev",
      }),
      finding("222222222209", "rampart-rds-instance-deletion-protection", "db-nine", {
        ouPath: "/Workloads/Prod",
      }),
      finding("222222222202", "rampart-rds-instance-deletion-protection", "db-two", {
        ouPath: "/Workloads/Dev/Team",
      }),
    ]
    const instances = new Map([
      [`222222222201/${region}`, [instance("app-db-1", "db-one")]],
      [`222222222209/${region}`, [instance("app-db-9", "db-nine")]],
      [`222222222202/${region}`, [instance("app-db-2", "db-two")]],
    ])
    const byOu = planFromFindings(findings, instances, { ...settings, ous: ["/Workloads/Dev"] }, new Date(at))
    const byAccount = planFromFindings(
      findings,
      instances,
      { ...settings, accounts: ["222222222209"] },
      new Date(at),
    )
    expect(byOu.items.map((i) => i.instanceId)).toEqual(["app-db-1", "app-db-2"])
    expect(byAccount.items.map((i) => i.instanceId)).toEqual(["app-db-9"])
    expect([...byOu.skipped, ...byAccount.skipped]).toEqual([])
  })
})
