import {
  ConfigServiceClient,
  PutConfigurationAggregatorCommand,
  PutConformancePackCommand,
} from "@aws-sdk/client-config-service"
import {
  type ClientCredentials,
  type ConfigService,
  type CredentialBroker,
  configLive,
  credentialBrokerLive,
  Sts,
  stsLive,
} from "@rampart/aws"
import { deployedPackName, loadCatalog } from "@rampart/catalog"
import type { Finding } from "@rampart/model"
import { Effect, Layer } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { memberSession, sandboxSettings, useSandboxProcess } from "../../aws/src/sandbox.test-support.ts"
import { collectFromAggregator } from "./aggregator-findings.ts"
import { collectFromConfig } from "./config-findings.ts"
import type { ScanTarget } from "./scan.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const hub = "111111111111"
const aggregatorName = "rampart-organization"
const loaded = loadCatalog()
if (!loaded.ok) throw new Error("the catalog does not load")
const packs = loaded.catalog.guardrails.flatMap((g) => (g.kind === "conformance-pack" ? [g] : []))
const rdsSecurity = packs.find((p) => p.id === "rds-security")
if (rdsSecurity === undefined) throw new Error("rds-security is not in the catalog")
const packRules = new Map(packs.map((p) => [p.id, p.template.rules.map((r) => r.configRuleName)]))

type Services = ConfigService | CredentialBroker | Sts
const run = async <A, E>(program: Effect.Effect<A, E, Services>): Promise<A> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(configLive, credentialBrokerLive(), stsLive).pipe(
    Layer.provideMerge(stsLive),
    Layer.provide(sandboxSettings(url)),
  )
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

const configClient = async (credentials: ClientCredentials, region = "eu-west-1") =>
  new ConfigServiceClient({ region, endpoint: (await sandbox).url, credentials, maxAttempts: 1 })

const hubSession = Sts.use((sts) =>
  sts.assumeRole({ roleArn: `arn:aws:iam::${hub}:role/RampartHub`, sessionName: "rampart-test" }),
)

/** What a finding says, without when it was read. */
const comparable = (findings: ReadonlyArray<Finding>) =>
  findings
    .map((f) => `${f.accountId} ${f.region} ${f.guardrail} ${f.rule} ${f.resourceId} ${f.status}`)
    .sort()

describe("collectFromAggregator", () => {
  let hubCredentials: ClientCredentials
  beforeAll(async () => {
    // The pack in two accounts of eu-west-1, as a rollout deploys it; the organization aggregator in the hub.
    for (const account of ["222222222202", "222222222212"]) {
      const client = await configClient(await run(memberSession(account)))
      await client.send(
        new PutConformancePackCommand({
          ConformancePackName: deployedPackName(rdsSecurity),
          TemplateBody: rdsSecurity.template.body,
        }),
      )
      client.destroy()
    }
    hubCredentials = await run(hubSession)
    const client = await configClient(hubCredentials)
    await client.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: aggregatorName,
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${hub}:role/RampartHub`,
          AwsRegions: ["eu-west-1", "us-east-1"],
        },
      }),
    )
    client.destroy()
  }, 60_000)

  it("reads through the hub's aggregator exactly the findings the audit role reads in each account", async () => {
    const targets: ReadonlyArray<ScanTarget> = [
      { accountId: "222222222202", region: "eu-west-1", ouPath: "/Workloads/Dev" },
      { accountId: "222222222212", region: "eu-west-1", ouPath: "/Workloads/Prod" },
      // Config records here, but no pack is deployed: nothing to report, and not a failure.
      { accountId: "222222222201", region: "eu-west-1", ouPath: "/Workloads/Dev" },
    ]
    const { central, perAccount } = await run(
      Effect.gen(function* () {
        const collect = yield* collectFromAggregator({
          aggregatorName,
          hub: { region: "eu-west-1", credentials: hubCredentials },
          packRules,
        })
        const audit = collectFromConfig({ roleName: "OrganizationAccountAccessRole" })
        return {
          central: (yield* Effect.forEach(targets, collect)).flat(),
          perAccount: (yield* Effect.forEach(targets, audit)).flat(),
        }
      }),
    )
    expect(central.length).toBeGreaterThan(10)
    expect(comparable(central)).toEqual(comparable(perAccount))
    expect(central.filter((f) => f.accountId === "222222222201")).toEqual([])
    expect(central).toContainEqual(
      expect.objectContaining({
        kind: "evaluation",
        accountId: "222222222202",
        guardrail: "rampart-rds-security",
        rule: "rampart-rds-storage-encrypted",
        status: "NON_COMPLIANT",
        ouPath: "/Workloads/Dev",
      }),
    )
  }, 60_000)

  it("fails a target the aggregator holds nothing for (Config off there), as the audit role does", async () => {
    const target = { accountId: "222222222202", region: "us-east-1" }
    const outcome = await run(
      Effect.gen(function* () {
        const collect = yield* collectFromAggregator({
          aggregatorName,
          hub: { region: "eu-west-1", credentials: hubCredentials },
          packRules,
        })
        return yield* Effect.flip(collect(target))
      }),
    )
    expect(outcome).toMatchObject({ _tag: "AwsFailure", code: "NotAggregated" })
    expect(outcome.message).toContain("222222222202 us-east-1")
  }, 60_000)
})
