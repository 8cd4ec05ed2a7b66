import { readFileSync } from "node:fs"
import {
  ConfigServiceClient,
  DeleteConfigurationRecorderCommand,
  PutConfigRuleCommand,
  PutConfigurationAggregatorCommand,
  PutConformancePackCommand,
  StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { CallLimits } from "./call-limits.ts"
import type { ClientCredentials } from "./client-settings.ts"
import { ConfigService, configLive } from "./config.ts"
import { Rds, rdsLive } from "./rds.ts"
import { advanceClock, memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"
const hub = "111111111111"
const packName = "rampart-rds-security"
const template = readFileSync(
  new URL("../../../conformance-packs/rds-security.yaml", import.meta.url),
  "utf8",
)

const run = async <A, E>(program: Effect.Effect<A, E, ConfigService | Rds | Sts>): Promise<A> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(configLive, rdsLive, stsLive).pipe(Layer.provide(sandboxSettings(url)))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

/** The hub's session through its RampartHub role, which the management account may assume. */
const hubSession = Sts.use((sts) =>
  sts.assumeRole({ roleArn: `arn:aws:iam::${hub}:role/RampartHub`, sessionName: "rampart-test" }),
)

/** The Config reader of a session. */
const readerWith = (credentials: ClientCredentials) =>
  ConfigService.use((config) => Effect.succeed(config.reader({ region, credentials })))

/** An SDK client of a session, for the writes the reader does not do. */
const sdkClient = async (credentials: ClientCredentials) =>
  new ConfigServiceClient({ region, endpoint: (await sandbox).url, credentials, maxAttempts: 1 })

/** Deploys (or redeploys) the catalog's rds-security pack in a member account, as its own session. */
const deployPack = async (account: string): Promise<void> => {
  const client = await sdkClient(await run(memberSession(account)))
  await client.send(new PutConformancePackCommand({ ConformancePackName: packName, TemplateBody: template }))
  client.destroy()
}

describe("Config through the live layer, against the sandbox", () => {
  it("reads that the small scenario's accounts record", async () => {
    const statuses = await run(
      memberSession("222222222201").pipe(
        Effect.flatMap(readerWith),
        Effect.flatMap((config) => config.describeConfigurationRecorderStatus()),
      ),
    )
    expect(statuses).toHaveLength(1)
    expect(statuses[0]).toMatchObject({ name: "default", recording: true, lastStatus: "SUCCESS" })
  })

  it("reads a deployed pack's compliance and the results that name the unencrypted instance", async () => {
    await deployPack("222222222202")
    const read = await run(
      Effect.gen(function* () {
        const credentials = yield* memberSession("222222222202")
        const config = yield* readerWith(credentials)
        const instances = yield* (yield* Rds).reader({ region, credentials }).describeDBInstances
        return {
          instances,
          packs: yield* config.describeConformancePacks,
          compliance: yield* config.describeConformancePackCompliance(packName),
          details: yield* config.getConformancePackComplianceDetails(packName),
          rules: yield* config.describeConfigRules,
          ruleResults: yield* config.getComplianceDetailsByConfigRule("rampart-rds-storage-encrypted"),
        }
      }),
    )
    const appDb = read.instances.find((i) => i.DBInstanceIdentifier === "app-db-2")
    expect(appDb?.StorageEncrypted).toBe(false)
    const appDbId = appDb?.DbiResourceId ?? "missing"

    expect(read.packs.map((p) => p.ConformancePackName)).toEqual([packName])
    expect(read.packs[0]?.ConformancePackArn).toMatch(
      /^arn:aws:config:eu-west-1:222222222202:conformance-pack\/rampart-rds-security\//,
    )
    expect(read.packs[0]).not.toHaveProperty("$metadata")

    expect(read.compliance).toHaveLength(15)
    expect(read.compliance).toContainEqual(
      expect.objectContaining({
        ConfigRuleName: "rampart-rds-storage-encrypted",
        ComplianceType: "NON_COMPLIANT",
      }),
    )
    expect(read.compliance.filter((c) => c.ComplianceType === "NON_COMPLIANT").length).toBeGreaterThan(1)

    const encryption = read.details.filter(
      (d) =>
        d.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName ===
        "rampart-rds-storage-encrypted",
    )
    expect(encryption).toEqual([
      expect.objectContaining({
        ComplianceType: "NON_COMPLIANT",
        EvaluationResultIdentifier: expect.objectContaining({
          EvaluationResultQualifier: expect.objectContaining({
            ResourceType: "AWS::RDS::DBInstance",
            ResourceId: appDbId,
          }),
        }),
        ResultRecordedTime: expect.any(Date),
      }),
    ])
    // Every rule with a NON_COMPLIANT verdict has a NON_COMPLIANT result among the details.
    const nonCompliantRules = new Set(
      read.details
        .filter((d) => d.ComplianceType === "NON_COMPLIANT")
        .map((d) => d.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName),
    )
    for (const rule of read.compliance.filter((c) => c.ComplianceType === "NON_COMPLIANT"))
      expect(nonCompliantRules).toContain(rule.ConfigRuleName)

    expect(read.rules.map((r) => r.ConfigRuleName)).toContain("rampart-rds-storage-encrypted")
    expect(read.rules.every((r) => r.CreatedBy === "config-conforms.amazonaws.com")).toBe(true)
    expect(read.ruleResults).toEqual([
      expect.objectContaining({
        ComplianceType: "NON_COMPLIANT",
        EvaluationResultIdentifier: expect.objectContaining({
          EvaluationResultQualifier: expect.objectContaining({ ResourceId: appDbId }),
        }),
      }),
    ])
  })

  it("reads every page of the account's rules", async () => {
    const credentials = await run(memberSession("222222222204"))
    const client = await sdkClient(credentials)
    const names = Array.from({ length: 30 }, (_, i) => `paging-rule-${String(i).padStart(2, "0")}`)
    for (const ConfigRuleName of names)
      await client.send(
        new PutConfigRuleCommand({
          ConfigRule: {
            ConfigRuleName,
            Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
            Scope: { ComplianceResourceTypes: ["AWS::RDS::DBInstance"] },
          },
        }),
      )
    client.destroy()
    const rules = await run(
      readerWith(credentials).pipe(Effect.flatMap((config) => config.describeConfigRules)),
    )
    // DescribeConfigRules answers pages of 25.
    expect(rules.map((r) => r.ConfigRuleName).sort()).toEqual(names)
  })

  it("reads compliance through the hub's organization aggregator, one account and Region at a time", async () => {
    await deployPack("222222222202")
    const credentials = await run(hubSession)
    const client = await sdkClient(credentials)
    await client.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: "rampart-organization",
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${hub}:role/RampartHub`,
          AwsRegions: [region],
        },
      }),
    )
    client.destroy()
    const read = await run(
      Effect.gen(function* () {
        const config = yield* readerWith(credentials)
        const appDb = (yield* (yield* Rds).reader({
          region,
          credentials: yield* memberSession("222222222202"),
        }).describeDBInstances).find((i) => i.DBInstanceIdentifier === "app-db-2")
        return {
          appDbId: appDb?.DbiResourceId,
          aggregators: yield* config.describeConfigurationAggregators,
          packs: yield* config.describeAggregateComplianceByConformancePacks("rampart-organization"),
          rules: yield* config.describeAggregateComplianceByConfigRules({
            aggregatorName: "rampart-organization",
            accountId: "222222222202",
            region,
          }),
          resources: yield* config.countAggregateDiscoveredResources({
            aggregatorName: "rampart-organization",
            accountId: "222222222202",
            region,
          }),
          // us-east-1 is not among the aggregator's Regions.
          resourcesOff: yield* config.countAggregateDiscoveredResources({
            aggregatorName: "rampart-organization",
            accountId: "222222222202",
            region: "us-east-1",
          }),
          results: yield* config.getAggregateComplianceDetailsByConfigRule({
            aggregatorName: "rampart-organization",
            ruleName: "rampart-rds-storage-encrypted",
            accountId: "222222222202",
            region,
          }),
          elsewhere: yield* config.getAggregateComplianceDetailsByConfigRule({
            aggregatorName: "rampart-organization",
            ruleName: "rampart-rds-storage-encrypted",
            accountId: "222222222201",
            region,
          }),
        }
      }),
    )
    expect(read.aggregators).toEqual([
      expect.objectContaining({
        ConfigurationAggregatorName: "rampart-organization",
        OrganizationAggregationSource: expect.objectContaining({ AwsRegions: [region] }),
      }),
    ])
    expect(read.packs).toContainEqual(
      expect.objectContaining({
        ConformancePackName: packName,
        AccountId: "222222222202",
        AwsRegion: region,
        Compliance: expect.objectContaining({ ComplianceType: "NON_COMPLIANT", TotalRuleCount: 15 }),
      }),
    )
    expect(read.resources).toBeGreaterThan(0)
    expect(read.resourcesOff).toBe(0)
    expect(read.rules).toHaveLength(15)
    expect(read.rules).toContainEqual(
      expect.objectContaining({
        ConfigRuleName: "rampart-rds-storage-encrypted",
        AccountId: "222222222202",
        AwsRegion: region,
        Compliance: expect.objectContaining({ ComplianceType: "NON_COMPLIANT" }),
      }),
    )
    expect(read.results).toEqual([
      expect.objectContaining({
        ComplianceType: "NON_COMPLIANT",
        AccountId: "222222222202",
        AwsRegion: region,
        EvaluationResultIdentifier: expect.objectContaining({
          EvaluationResultQualifier: expect.objectContaining({
            ConfigRuleName: "rampart-rds-storage-encrypted",
            ResourceType: "AWS::RDS::DBInstance",
            ResourceId: read.appDbId,
          }),
        }),
      }),
    ])
    // The pack is not deployed in 222222222201: the rule has no results there.
    expect(read.elsewhere).toEqual([])
  })

  it("keeps each session's calls to the call limits in force, without holding back other sessions", async () => {
    const { url } = await sandbox
    const limited = Layer.mergeAll(configLive, stsLive).pipe(
      Layer.provide(sandboxSettings(url)),
      Layer.provide(Layer.succeed(CallLimits, [{ service: "config", perSecond: 10, burst: 5 }])),
    )
    const timed = await Effect.runPromise(
      Effect.gen(function* () {
        const slow = yield* readerWith(yield* memberSession("222222222203"))
        const other = yield* readerWith(yield* memberSession("222222222204"))
        const begin = performance.now()
        // 25 reads in one session at 10/s after a burst of 5: about two seconds. The other session's 5 go at once.
        const [otherMillis, slowMillis] = yield* Effect.all(
          [
            Effect.forEach(Array.from({ length: 5 }), () => other.describeConfigurationRecorderStatus(), {
              concurrency: "unbounded",
            }).pipe(Effect.map(() => performance.now() - begin)),
            Effect.forEach(Array.from({ length: 25 }), () => slow.describeConfigurationRecorderStatus(), {
              concurrency: "unbounded",
            }).pipe(Effect.map(() => performance.now() - begin)),
          ],
          { concurrency: "unbounded" },
        )
        return { otherMillis, slowMillis }
      }).pipe(Effect.provide(limited)),
    )
    expect(timed.slowMillis).toBeGreaterThanOrEqual(1_950)
    expect(timed.otherMillis).toBeLessThan(1_000)
  })

  it("deploys, redeploys and deletes a conformance pack as the account's own session, deletion repeatable", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const credentials = yield* memberSession("222222222205")
        const writer = (yield* ConfigService).writer({ region, credentials })
        const arn = yield* writer.putConformancePack({ name: "rampart-writer-test", templateBody: template })
        const deploying = yield* writer.describeConformancePackStatus(["rampart-writer-test"])
        // AWS takes a while to deploy a pack; the sandbox a minute of its clock.
        yield* Effect.promise(async () => advanceClock((await sandbox).url, 61))
        const status = yield* writer.describeConformancePackStatus(["rampart-writer-test"])
        const again = yield* writer.putConformancePack({
          name: "rampart-writer-test",
          templateBody: template,
        })
        const deleted = [
          yield* writer.deleteConformancePack("rampart-writer-test"),
          yield* writer.deleteConformancePack("rampart-writer-test"),
        ]
        const left = yield* (yield* readerWith(credentials)).describeConformancePacks
        return { arn, deploying, status, again, deleted, left }
      }),
    )
    expect(outcome.arn).toMatch(
      /^arn:aws:config:eu-west-1:222222222205:conformance-pack\/rampart-writer-test\//,
    )
    expect(outcome.deploying[0]?.ConformancePackState).toBe("CREATE_IN_PROGRESS")
    expect(outcome.status).toEqual([
      expect.objectContaining({
        ConformancePackName: "rampart-writer-test",
        ConformancePackState: "CREATE_COMPLETE",
      }),
    ])
    // Putting it again updates the same pack.
    expect(outcome.again).toBe(outcome.arn)
    expect(outcome.deleted).toEqual(["deleted", "not-found"])
    expect(outcome.left.map((p) => p.ConformancePackName)).not.toContain("rampart-writer-test")
  }, 30_000)

  it("types a missing aggregator as NotFound", async () => {
    const error = await run(
      hubSession.pipe(
        Effect.flatMap(readerWith),
        Effect.flatMap((config) =>
          config.describeAggregateComplianceByConformancePacks("no-such-aggregator"),
        ),
        Effect.flip,
      ),
    )
    expect(error).toMatchObject({
      _tag: "NotFound",
      code: "NoSuchConfigurationAggregatorException",
      service: "config",
      operation: "DescribeAggregateComplianceByConformancePacks",
    })
  })

  it("shows an account without a recorder: no status, and NotFound for the recorder by name", async () => {
    const account = "222222222203"
    await deployPack(account)
    const credentials = await run(memberSession(account))
    const client = await sdkClient(credentials)
    await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    const stopped = await run(
      readerWith(credentials).pipe(
        Effect.flatMap((config) =>
          Effect.all({
            status: config.describeConfigurationRecorderStatus(),
            compliance: config.describeConformancePackCompliance(packName),
          }),
        ),
      ),
    )
    expect(stopped.status).toEqual([expect.objectContaining({ name: "default", recording: false })])
    // The results recorded before the recorder stopped stay readable.
    expect(stopped.compliance).toContainEqual(
      expect.objectContaining({
        ConfigRuleName: "rampart-rds-storage-encrypted",
        ComplianceType: "NON_COMPLIANT",
      }),
    )

    await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    client.destroy()
    const deleted = await run(
      readerWith(credentials).pipe(
        Effect.flatMap((config) =>
          Effect.all({
            status: config.describeConfigurationRecorderStatus(),
            named: config.describeConfigurationRecorderStatus("default").pipe(Effect.flip),
            packs: config.describeConformancePacks,
          }),
        ),
      ),
    )
    expect(deleted.status).toEqual([])
    expect(deleted.named).toMatchObject({
      _tag: "NotFound",
      code: "NoSuchConfigurationRecorderException",
      service: "config",
      operation: "DescribeConfigurationRecorderStatus",
    })
    expect(deleted.packs.map((p) => p.ConformancePackName)).toEqual([packName])
  })
})
