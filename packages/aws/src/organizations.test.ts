import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { ClientSettings } from "./client-settings.ts"
import { readOrganizationTree } from "./organization-tree.ts"
import { Organizations, organizationsLive } from "./organizations.ts"
import { setFaults, useSandboxProcess } from "./sandbox.test-support.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const layer = (url: string) =>
  organizationsLive.pipe(Layer.provide(Layer.succeed(ClientSettings, { region: "eu-west-1", endpoint: url })))

describe("Organizations through the live layer, against the sandbox", () => {
  it("reads the whole tree with paths, accounts and the SCPs attached at every target", async () => {
    const { url } = await sandbox
    const tree = await Effect.runPromise(readOrganizationTree.pipe(Effect.provide(layer(url))))
    expect(tree.id).toBe("o-rampart0demo")
    expect(tree.managementAccountId).toBe("999999999999")
    expect(tree.accounts).toHaveLength(24)
    expect(tree.ous.map((o) => o.path)).toEqual(
      expect.arrayContaining([
        "/Sandbox",
        "/Workloads/Dev",
        "/Workloads/Prod",
        "/Security",
        "/Infrastructure",
      ]),
    )
    expect(tree.accounts.find((a) => a.id === "222222222201")?.ouPath).toBe("/Workloads/Dev")
    const sandboxOu = tree.ous.find((o) => o.path === "/Sandbox")
    const names = (tree.attachments[sandboxOu?.id ?? ""] ?? []).map((id) => tree.policies[id]?.name)
    expect(names).toEqual(["FullAWSAccess", "SandboxRegionRestriction"])
    expect(JSON.parse(tree.policies["p-FullAWSAccess"]?.content ?? "{}").Statement[0].Effect).toBe("Allow")
  }, 30_000)

  it("creates, updates, attaches and detaches an SCP, attach and detach answering what was already so", async () => {
    const { url } = await sandbox
    const content = (sid: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: sid, Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
      })
    const steps = await Effect.runPromise(
      Effect.gen(function* () {
        const organizations = yield* Organizations
        const tree = yield* readOrganizationTree
        const dev = tree.ous.find((o) => o.path === "/Workloads/Dev")?.id ?? ""
        const created = yield* organizations.createPolicy({
          name: "rampart-test-writes",
          description: "written by the aws layer test",
          content: content("First"),
          tags: { "rampart:guardrail": "deny-leave-organization" },
        })
        const policyId = created.Id ?? ""
        const attach = [
          yield* organizations.attachPolicy(policyId, dev),
          yield* organizations.attachPolicy(policyId, dev),
        ]
        const attached = (yield* organizations.listPoliciesForTarget(dev)).map((p) => p.Name)
        yield* organizations.updatePolicy({ policyId, content: content("Second") })
        const updated = JSON.parse((yield* organizations.describePolicy(policyId)).Content ?? "{}")
        const detach = [
          yield* organizations.detachPolicy(policyId, dev),
          yield* organizations.detachPolicy(policyId, dev),
        ]
        const after = (yield* organizations.listPoliciesForTarget(dev)).map((p) => p.Name)
        yield* organizations.deletePolicy(policyId)
        const gone = yield* Effect.flip(organizations.describePolicy(policyId))
        return { created, attach, attached, updated, detach, after, gone }
      }).pipe(Effect.provide(layer(url))),
    )
    expect(steps.created).toMatchObject({ Name: "rampart-test-writes", Type: "SERVICE_CONTROL_POLICY" })
    expect(steps.attach).toEqual(["attached", "already-attached"])
    expect(steps.attached).toContain("rampart-test-writes")
    expect(steps.updated.Statement[0].Sid).toBe("Second")
    expect(steps.detach).toEqual(["detached", "not-attached"])
    expect(steps.after).not.toContain("rampart-test-writes")
    expect(steps.gone).toMatchObject({ _tag: "NotFound" })
  }, 30_000)

  it("retries throttled calls and gets through", async () => {
    const { url } = await sandbox
    await setFaults(url, { throttles: [{ api: "organizations:ListAccounts", ratePerSecond: 5, burst: 1 }] })
    try {
      const accounts = await Effect.runPromise(
        Effect.gen(function* () {
          const organizations = yield* Organizations
          return yield* Effect.all(
            [organizations.listAccounts, organizations.listAccounts, organizations.listAccounts],
            { concurrency: 3 },
          )
        }).pipe(Effect.provide(layer(url))),
      )
      for (const list of accounts) expect(list).toHaveLength(24)
    } finally {
      await setFaults(url, {})
    }
  }, 30_000)

  it("types the errors: a CI role of a member account has no identity policy for reading the organization", async () => {
    const { url } = await sandbox
    const previous = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
    process.env.AWS_ACCESS_KEY_ID = "ci-payments-dev"
    process.env.AWS_SECRET_ACCESS_KEY = "ci-payments-dev-secret"
    try {
      const result = await Effect.runPromise(
        Effect.gen(function* () {
          const organizations = yield* Organizations
          return yield* organizations.listAccounts
        }).pipe(Effect.provide(layer(url)), Effect.flip),
      )
      expect(result).toMatchObject({
        _tag: "AccessDenied",
        service: "organizations",
        operation: "ListAccounts",
        by: "identity",
      })
    } finally {
      process.env.AWS_ACCESS_KEY_ID = previous.id
      process.env.AWS_SECRET_ACCESS_KEY = previous.secret
    }
  })
})
