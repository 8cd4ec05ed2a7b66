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
  })

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
  })

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
