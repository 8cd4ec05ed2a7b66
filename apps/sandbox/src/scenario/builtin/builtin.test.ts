import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { decodeWithDiagnostics } from "@rampart/model"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { startSandbox } from "../../sandbox.ts"
import { SandboxStore } from "../../state/store.ts"
import { applyOrganization, ouIdOfPath } from "../apply-organization.ts"
import { checkScenario } from "../checks.ts"
import { type OuNode, Scenario } from "../scenario.ts"
import { builtInScenario } from "./index.ts"
import { largeScenarioLimits } from "./large.ts"
import { smallAccounts } from "./small.ts"

interface ExampleConfig {
  readonly organization: {
    readonly id: string
    readonly managementAccountId: string
    readonly hubAccountId: string
    readonly regions: ReadonlyArray<string>
  }
  readonly roles: { readonly hub: string }
  readonly waves: ReadonlyArray<{ readonly name: string; readonly targets: ReadonlyArray<string> }>
  readonly exceptions: ReadonlyArray<{ readonly account: string }>
}

const example = parse(
  readFileSync(new URL("../../../../../examples/rampart.yaml", import.meta.url), "utf8"),
) as ExampleConfig

/** The organization a scenario builds, as the sandbox holds it. */
const built = (scenario: Scenario) => {
  const store = new SandboxStore()
  applyOrganization(store, scenario, Date.UTC(2026, 10, 22))
  if (!store.organization) throw new Error("no organization built")
  return { store, org: store.organization }
}

/** Every account of the tree with the depth of its OU. */
const accountsOf = (nodes: ReadonlyArray<OuNode>, depth = 1): Array<{ id: string; depth: number }> =>
  nodes.flatMap((node) => [
    ...(node.accounts ?? []).map((a) => ({ id: a.id, depth })),
    ...accountsOf(node.children ?? [], depth + 1),
  ])

/** Checks that every target of examples/rampart.yaml exists in the scenario's organization. */
const expectExampleTargets = (scenario: Scenario) => {
  const { org } = built(scenario)
  expect(org.id).toBe(example.organization.id)
  expect(org.managementAccountId).toBe(example.organization.managementAccountId)
  for (const wave of example.waves) {
    for (const target of wave.targets) {
      if (target.startsWith("/")) expect(ouIdOfPath(org, target), `${wave.name}: ${target}`).toBeDefined()
      else expect(org.accounts[target], `${wave.name}: ${target}`).toBeDefined()
    }
  }
  for (const exception of example.exceptions) expect(org.accounts[exception.account]).toBeDefined()
  const hub = org.accounts[example.organization.hubAccountId]
  expect(hub?.parentId).toBe(ouIdOfPath(org, "/Security"))
  expect(scenario.regions).toEqual(expect.arrayContaining([...example.organization.regions]))
}

describe("the small scenario", () => {
  const small = builtInScenario("small")

  it("is a valid scenario (strict schema, semantic checks)", () => {
    const decoded = decodeWithDiagnostics(
      Scenario,
      JSON.parse(JSON.stringify(small)),
      { file: "small" },
      "scenario",
    )
    expect(decoded.ok ? [] : decoded.diagnostics).toEqual([])
    expect(checkScenario(small, { file: "small" })).toEqual([])
  })

  it("has every wave target, exception account and the hub of examples/rampart.yaml", () => {
    expectExampleTargets(small)
    const { org } = built(small)
    expect(org.accounts[smallAccounts.canary]?.parentId).toBe(ouIdOfPath(org, "/Workloads/Dev"))
    expect(org.accounts[smallAccounts.excepted]?.parentId).toBe(ouIdOfPath(org, "/Workloads/Prod"))
    expect(Object.keys(org.accounts)).toHaveLength(24)
    expect(Object.keys(org.ous)).toHaveLength(6)
  })

  it("defines the hub role, trusted by the management and hub accounts", () => {
    const { store } = built(small)
    const hub = store.account(smallAccounts.hub).iam.roles[example.roles.hub]
    expect(hub).toBeDefined()
    expect(JSON.parse(hub?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.AWS).toEqual([
      "arn:aws:iam::999999999999:root",
      "arn:aws:iam::111111111111:root",
    ])
  })

  describe("in a running sandbox", () => {
    const sandbox = useSandbox({ scenario: small })

    it("answers test/test as the management account's Admin role", async () => {
      const me = await new STSClient(clientConfig((await sandbox).url)).send(new GetCallerIdentityCommand({}))
      expect(me.Arn).toBe("arn:aws:sts::999999999999:assumed-role/Admin/test")
    })

    it("lets the management account assume RampartHub", async () => {
      const { url } = await sandbox
      const session = await new STSClient(clientConfig(url)).send(
        new AssumeRoleCommand({
          RoleArn: "arn:aws:iam::111111111111:role/RampartHub",
          RoleSessionName: "rampart",
        }),
      )
      const credentials = {
        accessKeyId: session.Credentials?.AccessKeyId ?? "",
        secretAccessKey: session.Credentials?.SecretAccessKey ?? "",
        sessionToken: session.Credentials?.SessionToken ?? "",
      }
      const me = await new STSClient(clientConfig(url, credentials)).send(new GetCallerIdentityCommand({}))
      expect(me.Arn).toBe("arn:aws:sts::111111111111:assumed-role/RampartHub/rampart")
    })

    it("gives the background principals their keys", async () => {
      const { url } = await sandbox
      const ci = { accessKeyId: "ci-payments-dev", secretAccessKey: "ci-payments-dev-secret" }
      const me = await new STSClient(clientConfig(url, ci, "eu-west-1")).send(
        new GetCallerIdentityCommand({}),
      )
      expect(me.Arn).toBe("arn:aws:sts::222222222202:assumed-role/CiDeploy/ci-payments-dev")
    })
  })
})

describe("the large scenario", () => {
  it("has 1,000 accounts by default, the small organization included", () => {
    const large = builtInScenario("large")
    expect(built(large).org.accounts).toSatisfy((a: object) => Object.keys(a).length === 1_000)
    expectExampleTargets(large)
    expect(checkScenario(large, { file: "large" })).toEqual([])
  })

  it("builds 10,000 accounts, at most two levels deep, the same every time", async () => {
    let start = performance.now()
    const large = builtInScenario("large", { accounts: 10_000 })
    const generate = performance.now() - start
    start = performance.now()
    const diagnostics = checkScenario(large, { file: "large:10000" })
    const check = performance.now() - start
    start = performance.now()
    const { org } = built(large)
    const apply = performance.now() - start

    const stateDir = mkdtempSync(join(tmpdir(), "rampart-large-"))
    start = performance.now()
    const sandbox = await startSandbox({ scenario: large, stateDir, port: 0 })
    const startup = performance.now() - start
    await sandbox.close()
    rmSync(stateDir, { recursive: true, force: true })
    console.log(
      `large:10000 — generate ${generate.toFixed(0)} ms, check ${check.toFixed(0)} ms, ` +
        `applyOrganization ${apply.toFixed(0)} ms (in memory), startSandbox with a state directory ${startup.toFixed(0)} ms`,
    )

    expect(diagnostics).toEqual([])
    expect(Object.keys(org.accounts)).toHaveLength(10_000)
    const accounts = accountsOf(large.organization.tree ?? [])
    expect(Math.max(...accounts.map((a) => a.depth))).toBeLessThanOrEqual(2)
    const perOu = new Map<string, number>()
    for (const account of Object.values(org.accounts))
      perOu.set(account.parentId, (perOu.get(account.parentId) ?? 0) + 1)
    expect(Math.max(...perOu.values())).toBeLessThanOrEqual(1_000)
    expect(JSON.stringify(builtInScenario("large", { accounts: 10_000 }))).toBe(JSON.stringify(large))
    // Timings are printed, not asserted (the benchmarks hold the targets); a busy CI machine needs the room.
  }, 60_000)

  it("refuses counts outside its limits", () => {
    expect(() => builtInScenario("large", { accounts: largeScenarioLimits.maximumAccounts + 1 })).toThrow(
      RangeError,
    )
    expect(() => builtInScenario("large", { accounts: 3 })).toThrow(RangeError)
  })
})
