import { type OrganizationTree, readOrganizationTree } from "@rampart/aws"
import type { Acknowledgement } from "@rampart/model"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { sandboxNow, useSandboxProcess } from "../../../aws/src/sandbox.test-support.ts"
import { type ImpactGateResult, impactGate, impactGateOfEvents, summarizeImpactGate } from "./impact-gate.ts"
import {
  accountsIn,
  hierarchiesWith,
  renderedScp,
  runOn,
  scopeThrough,
} from "./sandbox-organization.test-support.ts"
import { type ScopeFor, waveEvents } from "./wave-events.ts"

// With its activity on, the small scenario starts with a week of CloudTrail history: the Payments Dev CI creating
// unencrypted databases every 6 hours, the sandbox developer creating encrypted ones.
const sandbox = useSandboxProcess(["--scenario", "small"], { activity: true })

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const regions = ["eu-west-1"]
const paymentsCi = "arn:aws:iam::222222222202:role/CiDeploy"
const rdsGuardrail = () => ({
  name: "rampart-deny-unencrypted-rds",
  document: renderedScp("deny-unencrypted-rds"),
})

let url: string
let tree: OrganizationTree
let window: { since: Date; until: Date }

beforeAll(async () => {
  url = (await sandbox).url
  tree = await runOn(url, readOrganizationTree)
  const now = await sandboxNow(url)
  window = { since: new Date(now.getTime() - 8 * 86_400_000), until: new Date(now.getTime() + 60_000) }
}, 60_000)

/** The impact gate of a wave attaching deny-unencrypted-rds to the OU, read through OrganizationAccountAccessRole. */
const gateOf = (
  ouPath: string,
  acknowledgements: ReadonlyArray<Acknowledgement> = [],
  withoutRole?: string,
): Promise<ImpactGateResult> =>
  runOn(
    url,
    Effect.gen(function* () {
      const through = yield* scopeThrough("OrganizationAccountAccessRole")
      // RampartAudit is not deployed in the scenario: reading an account through it is refused.
      const audit = yield* scopeThrough("RampartAudit")
      const scopeFor: ScopeFor = (account, region) =>
        account === withoutRole ? audit(account, region) : through(account, region)
      return yield* impactGate({
        accounts: accountsIn(tree, ouPath),
        regions,
        window,
        ...hierarchiesWith(tree, ouPath, rdsGuardrail()),
        acknowledgements,
        scopeFor,
      })
    }),
  )

describe("impactGate against the sandbox's CloudTrail", () => {
  it("stops the /Workloads/Dev wave: the Payments Dev CI's unencrypted databases would newly be denied", async () => {
    const result = await gateOf("/Workloads/Dev")
    expect(result.passed).toBe(false)
    expect(result.decision).toMatchObject({ gate: "impact", passed: false })
    const blocking = result.newlyDenied.filter((g) => g.disposition === "blocking")
    expect(blocking.map((g) => [g.account, g.principal, g.action])).toEqual([
      ["222222222202", paymentsCi, "rds:CreateDBInstance"],
    ])
    // A call every 6 hours over the backfilled week.
    expect(blocking[0]?.count).toBeGreaterThanOrEqual(27)
    expect(blocking[0]?.decidedBy.map((d) => [d.policy, d.sid])).toContainEqual([
      "rampart-deny-unencrypted-rds",
      "DenyDBInstanceWithoutEncryptionFlag",
    ])
    expect(result.totals).toMatchObject({ sourcesRead: 8, sourcesUnreadable: 0, blockingGroups: 1 })
    expect(result.totals.evaluated).toBeGreaterThanOrEqual(blocking[0]?.count ?? 0)
    const summary = summarizeImpactGate(result)
    expect(summary).toMatch(
      /^Impact gate failed: replayed [\d,]+ CloudTrail events of 8 accounts in eu-west-1/,
    )
    expect(summary).toContain(
      `1 group would newly be denied and stops the wave: ${paymentsCi} calling rds:CreateDBInstance`,
    )
  }, 120_000)

  it("passes the /Sandbox wave, whose developer creates encrypted databases", async () => {
    const result = await gateOf("/Sandbox")
    expect(result.passed).toBe(true)
    expect(result.reasons).toEqual([])
    expect(result.newlyDenied).toEqual([])
    expect(result.totals.sourcesRead).toBe(3)
    // The developer's CreateDBInstance calls were replayed, not missed.
    expect(result.totals.evaluated).toBeGreaterThanOrEqual(14)
    expect(summarizeImpactGate(result)).toContain("Impact gate passed")
    expect(summarizeImpactGate(result)).toContain("Nothing would newly be denied.")
  }, 120_000)

  it("passes when an acknowledgement of the wave covers the principal, and reports the group with its reason", async () => {
    const reason = "Payments Dev CI moves to encrypted test databases in PAY-812; dev data only."
    const unrelated = { principal: paymentsCi, action: "rds:Delete*", reason: "not this action" }
    const stillBlocked = await gateOf("/Workloads/Dev", [unrelated])
    expect(stillBlocked.passed).toBe(false)

    const result = await gateOf("/Workloads/Dev", [
      unrelated,
      { principal: "arn:aws:iam::*:role/CiDeploy", action: "rds:CreateDBInstance", reason },
    ])
    expect(result.passed).toBe(true)
    expect(result.newlyDenied).toEqual([
      expect.objectContaining({
        principal: paymentsCi,
        action: "rds:CreateDBInstance",
        disposition: "acknowledged",
        acknowledgement: expect.objectContaining({ reason }),
      }),
    ])
    expect(result.totals).toMatchObject({ blockingGroups: 0, acknowledgedGroups: 1 })
    expect(summarizeImpactGate(result)).toContain(
      `but is acknowledged: ${paymentsCi} calling rds:CreateDBInstance`,
    )
    expect(summarizeImpactGate(result)).toContain(`because ${reason}`)
  }, 120_000)

  it("fails closed when an account's events cannot be read", async () => {
    const reason = "Payments Dev CI moves to encrypted test databases in PAY-812; dev data only."
    // Acknowledged, the Payments CI does not block; 222222222203 is read through a role it does not have.
    const result = await gateOf("/Workloads/Dev", [{ principal: paymentsCi, reason }], "222222222203")
    expect(result.passed).toBe(false)
    expect(result.unreadable.map((u) => [u.account, u.region, u.error._tag])).toEqual([
      ["222222222203", "eu-west-1", "AccessDenied"],
    ])
    expect(result.totals).toMatchObject({
      sourcesRead: 7,
      sourcesUnreadable: 1,
      accountsUnreadable: 1,
      blockingGroups: 0,
    })
    expect(result.reasons).toEqual([
      expect.stringContaining("the CloudTrail events of 1 account could not be read"),
    ])
    expect(summarizeImpactGate(result)).toContain(
      "could not be read, so the gate fails closed: 222222222203 eu-west-1",
    )
  }, 120_000)

  it("judges events from another source (trail files) the same way, passing over other accounts' events", async () => {
    const dev = accountsIn(tree, "/Workloads/Dev")
    const read = await runOn(
      url,
      Effect.gen(function* () {
        const scopeFor = yield* scopeThrough("OrganizationAccountAccessRole")
        return yield* waveEvents({ accounts: [...dev, "444444444401"], regions, ...window, scopeFor })
      }),
    )
    expect(read.unreadable).toEqual([])
    const outside = read.events.filter((e) => e.recipientAccountId === "444444444401").length
    expect(outside).toBeGreaterThan(0)
    const result = await runOn(
      url,
      impactGateOfEvents({
        accounts: dev,
        regions,
        window,
        ...hierarchiesWith(tree, "/Workloads/Dev", rdsGuardrail()),
        acknowledgements: [],
        events: [{ file: "trail.json", events: read.events, diagnostics: [] }],
      }),
    )
    expect(result.passed).toBe(false)
    expect(result.totals.passedOver).toBe(outside)
    expect(result.newlyDenied.map((g) => [g.principal, g.action, g.disposition, g.example.file])).toEqual([
      [paymentsCi, "rds:CreateDBInstance", "blocking", "trail.json"],
    ])
  }, 120_000)
})
