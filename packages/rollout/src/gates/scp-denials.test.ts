import { CreateDBInstanceCommand, RDSClient } from "@aws-sdk/client-rds"
import { Iam, Organizations } from "@rampart/aws"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { sandboxNow, setFaults, useSandboxProcess } from "../../../aws/src/sandbox.test-support.ts"
import { renderedScp, runOn, scopeThrough } from "./sandbox-organization.test-support.ts"
import { evaluateDenialGate, isScpDenial, newScpDenials } from "./scp-denials.ts"
import { type ScopeFor, waveEvents } from "./wave-events.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const paymentsDev = "222222222202"
const checkoutDev = "222222222203"
const regions = ["eu-west-1", "us-east-1"]
/** The Payments Dev CI's own access key in the scenario (its CiDeploy role, PowerUserAccess). */
const ciCredentials = { accessKeyId: "ci-payments-dev", secretAccessKey: "ci-payments-dev-secret" }

let url: string
let since: Date
let refusal: unknown
let identityRefusal: unknown

beforeAll(async () => {
  url = (await sandbox).url
  since = await sandboxNow(url)
  // The wave attaches deny-unencrypted-rds to the Payments Dev account.
  await runOn(
    url,
    Effect.gen(function* () {
      const organizations = yield* Organizations
      const policy = yield* organizations.createPolicy({
        name: "rampart-deny-unencrypted-rds",
        description: "Deny unencrypted RDS storage",
        content: JSON.stringify(renderedScp("deny-unencrypted-rds")),
      })
      yield* organizations.attachPolicy(policy.Id ?? "", paymentsDev)
    }),
  )
  // The CI then creates its database without StorageEncrypted, as it always has: the SCP refuses it.
  const rds = new RDSClient({
    region: "eu-west-1",
    endpoint: url,
    credentials: ciCredentials,
    maxAttempts: 1,
  })
  refusal = await rds
    .send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "ci-payments-after-wave",
        DBInstanceClass: "db.t4g.micro",
        Engine: "postgres",
        AllocatedStorage: 20,
        MasterUsername: "ci",
        MasterUserPassword: "ci-password-not-a-secret",
      }),
    )
    .then(
      () => undefined,
      (error: unknown) => error,
    )
  rds.destroy()
  // And tries to create a role, which its own PowerUserAccess does not allow: an identity-policy denial.
  identityRefusal = await runOn(
    url,
    Iam.use((iam) =>
      iam
        .roles({ region: "us-east-1", credentials: ciCredentials })
        .createRole({ name: "ci-scratch", trustPolicy: { Version: "2012-10-17", Statement: [] } }),
    ).pipe(Effect.flip),
  )
}, 60_000)

/** The denials and events of the two accounts since the wave started; `withoutRole` is read through a missing role. */
const read = (withoutRole?: string) =>
  runOn(
    url,
    Effect.gen(function* () {
      const through = yield* scopeThrough("OrganizationAccountAccessRole")
      const audit = yield* scopeThrough("RampartAudit")
      const scopeFor: ScopeFor = (account, region) =>
        account === withoutRole ? audit(account, region) : through(account, region)
      const until = new Date((yield* Effect.promise(() => sandboxNow(url))).getTime() + 60_000)
      const request = { accounts: [paymentsDev, checkoutDev], regions, since, until, scopeFor }
      return { denials: yield* newScpDenials(request), events: yield* waveEvents(request) }
    }),
  )

describe("newScpDenials against the sandbox's CloudTrail", () => {
  it("counts the call an SCP refused since the wave started, by account, principal and action", async () => {
    expect(refusal).toMatchObject({ name: "AccessDenied" })
    const { denials } = await read()
    expect(denials.unreadable).toEqual([])
    expect(denials.total).toBe(1)
    expect(denials.groups).toEqual([
      expect.objectContaining({
        account: paymentsDev,
        principal: "arn:aws:iam::222222222202:role/CiDeploy",
        action: "rds:CreateDBInstance",
        count: 1,
      }),
    ])
    expect(denials.groups[0]?.examples[0]?.errorMessage).toContain("service control policy")
    expect(denials.eventsRead).toBeGreaterThan(1)
    expect(evaluateDenialGate(denials, 0)).toMatchObject({ gate: "scp-denials", passed: false })
    expect(evaluateDenialGate(denials, 0).reason).toContain(
      "1 call was refused by a service control policy since the wave started, more than the 0 allowed",
    )
    expect(evaluateDenialGate(denials, 1).passed).toBe(true)
  }, 120_000)

  it("does not count a call refused by the caller's identity policy", async () => {
    expect(identityRefusal).toMatchObject({ _tag: "AccessDenied", by: "identity" })
    const { events } = await read()
    const refused = events.events.filter((e) => e.errorCode !== undefined)
    expect(refused.map((e) => [e.eventName, isScpDenial(e)]).sort()).toEqual([
      ["CreateDBInstance", true],
      ["CreateRole", false],
    ])
  }, 120_000)

  it("fails the gate closed when an account's events cannot be read", async () => {
    // RampartAudit is not deployed in the scenario: reading Checkout Dev through it is refused.
    const { denials } = await read(checkoutDev)
    expect(denials.unreadable.map((u) => u.account)).toEqual([checkoutDev, checkoutDev])
    expect(denials.total).toBe(1)
    const decision = evaluateDenialGate(denials, 5)
    expect(decision.passed).toBe(false)
    expect(decision.reason).toContain(`the CloudTrail events of ${checkoutDev} could not be read`)
  }, 120_000)

  it("reports an account whose LookupEvents stays throttled after the retries, and fails the gate closed", async () => {
    await setFaults(url, { throttles: [{ api: "cloudtrail:LookupEvents", ratePerSecond: 0.001, burst: 0 }] })
    try {
      const denials = await runOn(
        url,
        Effect.gen(function* () {
          const scopeFor = yield* scopeThrough("OrganizationAccountAccessRole")
          return yield* newScpDenials({
            accounts: [checkoutDev],
            regions: ["eu-west-1"],
            since,
            until: new Date(since.getTime() + 3_600_000),
            scopeFor,
          })
        }),
      )
      expect(denials.unreadable.map((u) => [u.account, u.region, u.error._tag])).toEqual([
        [checkoutDev, "eu-west-1", "Throttled"],
      ])
      expect(denials.unreadable[0]?.reason).toMatch(/^Throttled on cloudtrail:LookupEvents: /)
      expect(evaluateDenialGate(denials, 100).passed).toBe(false)
    } finally {
      await setFaults(url, {})
    }
  }, 120_000)
})
