import {
  BackupClient,
  PutBackupVaultAccessPolicyCommand,
  StartBackupJobCommand,
} from "@aws-sdk/client-backup"
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail"
import {
  ConfigServiceClient,
  PutConfigRuleCommand,
  paginateGetComplianceDetailsByConfigRule,
} from "@aws-sdk/client-config-service"
import {
  CreateDBClusterSnapshotCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from "@aws-sdk/client-rds"
import {
  AccessDenied,
  type AwsError,
  Backup,
  backupLive,
  type ClientCredentials,
  CloudTrail,
  cloudTrailLive,
  Rds,
  rdsLive,
  stsLive,
} from "@rampart/aws"
import { evaluateRules, managedRules, type RuleToEvaluate } from "@rampart/catalog"
import type { ConfigurationItem } from "@rampart/model"
import { Effect, Layer } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { memberSession, sandboxSettings, useSandboxProcess } from "../../aws/src/sandbox.test-support.ts"
import { readConfigurationItems } from "./read-configuration-items.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"

/** Accounts of the small scenario: dev databases (one encrypted, one not), Search's Aurora, the legacy reporting database. */
const accounts = {
  encryptedDev: "222222222201",
  unencryptedDev: "222222222202",
  search: "222222222212",
  reporting: "222222222214",
} as const

interface Collected {
  readonly accountId: string
  readonly credentials: ClientCredentials
  readonly items: ReadonlyArray<ConfigurationItem>
}

/** Reads an account's configuration items through a session in it, as Rampart reads an account without Config. */
const collect = async (accountId: string): Promise<Collected> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(rdsLive, backupLive, cloudTrailLive, stsLive).pipe(
    Layer.provide(sandboxSettings(url)),
  )
  return Effect.runPromise(
    Effect.gen(function* () {
      const credentials = yield* memberSession(accountId)
      const items = yield* readConfigurationItems({ accountId, region, credentials })
      return { accountId, credentials, items }
    }).pipe(Effect.provide(layer)),
  )
}

/** SDK client options for calls in an account through the session read with it. */
const sdkOptions = async (credentials: ClientCredentials) => ({
  region,
  endpoint: (await sandbox).url,
  credentials,
  maxAttempts: 1,
})

const ruleName = (identifier: string): string => identifier.toLowerCase().replaceAll("_", "-")

/** Every managed rule of the catalog with its defaults, as Config and `evaluateRules` both take it. */
const everyRule: ReadonlyArray<RuleToEvaluate> = managedRules.map((rule) => ({
  name: ruleName(rule.identifier),
  sourceIdentifier: rule.identifier,
  parameters: {},
}))

/** A verdict as both sides can state it. */
interface Verdict {
  readonly rule: string
  readonly resourceType: string
  readonly resourceId: string
  readonly compliance: string
  readonly annotation: string | undefined
}

const byKey = (a: Verdict, b: Verdict): number =>
  `${a.rule}|${a.resourceType}|${a.resourceId}`.localeCompare(`${b.rule}|${b.resourceType}|${b.resourceId}`)

/** Puts the rules in the account's own AWS Config (the sandbox's) and reads what it concludes on every resource. */
const configVerdicts = async (
  collected: Collected,
  rules: ReadonlyArray<RuleToEvaluate>,
): Promise<ReadonlyArray<Verdict>> => {
  const config = new ConfigServiceClient(await sdkOptions(collected.credentials))
  const verdicts: Verdict[] = []
  for (const rule of rules) {
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: rule.name,
          Source: { Owner: "AWS", SourceIdentifier: rule.sourceIdentifier },
        },
      }),
    )
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client: config },
      { ConfigRuleName: rule.name, ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"] },
    )
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier
        verdicts.push({
          rule: qualifier?.ConfigRuleName ?? "",
          resourceType: qualifier?.ResourceType ?? "",
          resourceId: qualifier?.ResourceId ?? "",
          compliance: result.ComplianceType ?? "",
          annotation: result.Annotation,
        })
      }
    }
  }
  config.destroy()
  return verdicts.sort(byKey)
}

/** What the catalog's evaluators conclude on the collected items. */
const collectedVerdicts = (
  collected: Collected,
  rules: ReadonlyArray<RuleToEvaluate>,
): ReadonlyArray<Verdict> => {
  const { results, failures } = evaluateRules(collected.items, rules)
  expect(failures).toEqual([])
  return results
    .map((result) => ({
      rule: result.ruleName,
      resourceType: result.resourceType,
      resourceId: result.resourceId,
      compliance: result.compliance,
      annotation: result.annotation,
    }))
    .sort(byKey)
}

describe("readConfigurationItems against the sandbox", () => {
  it("reads databases so that RDS_STORAGE_ENCRYPTED judges them as the account's own Config does", async () => {
    const collected = await Promise.all([collect(accounts.encryptedDev), collect(accounts.unencryptedDev)])
    const rule: RuleToEvaluate = {
      name: "rds-storage-encrypted",
      sourceIdentifier: "RDS_STORAGE_ENCRYPTED",
      parameters: {},
    }
    const verdicts = collected.map((account) => collectedVerdicts(account, [rule]))
    const names = (account: Collected) =>
      new Map(account.items.map((item) => [item.resourceId, item.resourceName ?? item.resourceId]))
    expect(
      verdicts.flatMap((list, i) =>
        list.map((v) => [names(collected[i] as Collected).get(v.resourceId), v.compliance]),
      ),
    ).toEqual([
      ["app-db-1", "COMPLIANT"],
      ["app-db-2", "NON_COMPLIANT"],
    ])
    expect(verdicts[1]?.[0]?.annotation).toContain("storageEncrypted=false")
    for (const [i, account] of collected.entries())
      expect(await configVerdicts(account, [rule])).toEqual(verdicts[i])
  })

  it("records each resource under Config's type and id, in Config's field names", async () => {
    const { items } = await collect(accounts.search)
    const types = new Map<string, string[]>()
    for (const item of items)
      types.set(item.resourceType, [
        ...(types.get(item.resourceType) ?? []),
        item.resourceName ?? item.resourceId,
      ])
    expect([...types.keys()].sort()).toEqual([
      "AWS::Backup::BackupPlan",
      "AWS::Backup::BackupSelection",
      "AWS::Backup::BackupVault",
      "AWS::RDS::DBCluster",
      "AWS::RDS::DBInstance",
    ])
    const instance = items.find((item) => item.resourceName === "search-aurora-1")
    expect(instance?.resourceId).toMatch(/^db-[A-Z0-9]+$/)
    expect(instance?.arn).toBe("arn:aws:rds:eu-west-1:222222222212:db:search-aurora-1")
    expect(instance?.configuration).toMatchObject({
      dBInstanceIdentifier: "search-aurora-1",
      dBClusterIdentifier: "search-aurora",
      storageEncrypted: true,
      iAMDatabaseAuthenticationEnabled: true,
      multiAZ: false,
      engine: "aurora-postgresql",
    })
    expect(instance?.configuration.instanceCreateTime).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(instance?.configuration).not.toHaveProperty("tagList")
    const cluster = items.find((item) => item.resourceType === "AWS::RDS::DBCluster")
    expect(cluster?.resourceId).toMatch(/^cluster-/)
    expect(cluster?.resourceName).toBe("search-aurora")
    const plan = items.find((item) => item.resourceType === "AWS::Backup::BackupPlan")
    expect(plan?.configuration.backupPlan).toMatchObject({
      backupPlanName: "daily-35",
      backupPlanRule: [
        { ruleName: "daily", targetBackupVault: "app-backups", lifecycle: { deleteAfterDays: 35 } },
      ],
    })
    expect(items.every((item) => item.accountId === accounts.search && item.awsRegion === region)).toBe(true)
  })

  describe("every catalog rule, against the account's own Config", () => {
    let collected: ReadonlyArray<Collected> = []

    beforeAll(async () => {
      const sessions = await Promise.all(Object.values(accounts).map(collect))
      const session = (accountId: string) =>
        sessions.find((s) => s.accountId === accountId)?.credentials as ClientCredentials
      // Resources the scenario lacks: trails (logging and not), a public snapshot, a cluster snapshot, a vault
      // policy that protects recovery points, and a recovery point kept a week.
      const logging = new CloudTrailClient(await sdkOptions(session(accounts.encryptedDev)))
      await logging.send(new CreateTrailCommand({ Name: "audit", S3BucketName: "audit-logs-201" }))
      await logging.send(new StartLoggingCommand({ Name: "audit" }))
      const silent = new CloudTrailClient(await sdkOptions(session(accounts.unencryptedDev)))
      await silent.send(new CreateTrailCommand({ Name: "audit", S3BucketName: "audit-logs-202" }))
      const reporting = new RDSClient(await sdkOptions(session(accounts.reporting)))
      await reporting.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "reporting-legacy-before-upgrade",
          AttributeName: "restore",
          ValuesToAdd: ["all"],
        }),
      )
      const search = new RDSClient(await sdkOptions(session(accounts.search)))
      await search.send(
        new CreateDBClusterSnapshotCommand({
          DBClusterIdentifier: "search-aurora",
          DBClusterSnapshotIdentifier: "search-before-migration",
        }),
      )
      const backup = new BackupClient(await sdkOptions(session(accounts.search)))
      await backup.send(
        new PutBackupVaultAccessPolicyCommand({
          BackupVaultName: "app-backups",
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "ProtectRecoveryPoints",
                Effect: "Deny",
                Principal: "*",
                Action: [
                  "backup:DeleteRecoveryPoint",
                  "backup:UpdateRecoveryPointLifecycle",
                  "backup:PutBackupVaultAccessPolicy",
                ],
                Resource: "*",
              },
            ],
          }),
        }),
      )
      await backup.send(
        new StartBackupJobCommand({
          BackupVaultName: "app-backups",
          ResourceArn: `arn:aws:rds:${region}:${accounts.search}:cluster:search-aurora`,
          IamRoleArn: `arn:aws:iam::${accounts.search}:role/service-role/AWSBackupDefaultServiceRole`,
          Lifecycle: { DeleteAfterDays: 7 },
        }),
      )
      for (const client of [logging, silent, reporting, search, backup]) client.destroy()
      collected = await Promise.all(Object.values(accounts).map(collect))
    })

    it.each(Object.entries(accounts))(
      "%s (%s): the same verdict and annotation on every resource",
      async (_, id) => {
        const account = collected.find((c) => c.accountId === id) as Collected
        const ours = collectedVerdicts(account, everyRule)
        expect(ours.length).toBeGreaterThan(0)
        expect(await configVerdicts(account, everyRule)).toEqual(ours)
      },
    )

    it("covers the verdicts that need each resource type's finer fields", () => {
      const all = collected.flatMap((account) => collectedVerdicts(account, everyRule))
      const verdict = (rule: string, resourceType: string) =>
        all.filter((v) => v.rule === rule && v.resourceType === resourceType).map((v) => v.compliance)
      expect(verdict("rds-snapshots-public-prohibited", "AWS::RDS::DBSnapshot")).toEqual(["NON_COMPLIANT"])
      expect(verdict("rds-snapshot-encrypted", "AWS::RDS::DBClusterSnapshot")).toEqual(["COMPLIANT"])
      expect(verdict("cloud-trail-enabled", "AWS::::Account").sort()).toEqual([
        "COMPLIANT",
        "NON_COMPLIANT",
        "NON_COMPLIANT",
        "NON_COMPLIANT",
      ])
      expect(
        verdict("backup-recovery-point-manual-deletion-disabled", "AWS::Backup::BackupVault").sort(),
      ).toEqual(["COMPLIANT", "NON_COMPLIANT"])
      expect(verdict("backup-recovery-point-minimum-retention-check", "AWS::Backup::RecoveryPoint")).toEqual([
        "NON_COMPLIANT",
      ])
      expect(verdict("backup-recovery-point-encrypted", "AWS::Backup::RecoveryPoint")).toEqual(["COMPLIANT"])
      expect(verdict("rds-in-backup-plan", "AWS::RDS::DBInstance")).toContain("COMPLIANT")
    })
  })
})

describe("readConfigurationItems pacing, with counting readers", () => {
  /** Readers whose every call takes a moment and is counted, to see how many run at once. */
  const countingLayer = (failing?: AwsError) => {
    const calls: string[] = []
    let inFlight = 0
    let peak = 0
    const call = <A>(operation: string, answer: A): Effect.Effect<A, AwsError> =>
      Effect.gen(function* () {
        calls.push(operation)
        inFlight++
        peak = Math.max(peak, inFlight)
        yield* Effect.sleep("5 millis")
        inFlight--
        if (failing !== undefined && failing.operation === operation) return yield* Effect.fail(failing)
        return answer
      })
    const snapshots = Array.from({ length: 6 }, (_, i) => ({
      DBSnapshotIdentifier: i === 0 ? "rds:nightly" : `manual-${i}`,
      SnapshotType: i === 0 ? "automated" : "manual",
    }))
    const vaults = ["a", "b", "c"].map((name) => ({ BackupVaultName: name }))
    const plans = ["p1", "p2"].map((id) => ({ BackupPlanId: id }))
    const layer = Layer.mergeAll(
      Layer.succeed(Rds, {
        reader: () => ({
          describeDBInstances: call("DescribeDBInstances", []),
          describeDBClusters: call("DescribeDBClusters", []),
          describeDBSnapshots: call("DescribeDBSnapshots", snapshots),
          describeDBClusterSnapshots: call("DescribeDBClusterSnapshots", []),
          describeDBSnapshotAttributes: (id) =>
            call("DescribeDBSnapshotAttributes", { DBSnapshotIdentifier: id, DBSnapshotAttributes: [] }),
          describeDBClusterSnapshotAttributes: (id) =>
            call("DescribeDBClusterSnapshotAttributes", { DBClusterSnapshotIdentifier: id }),
        }),
        writer: () => {
          throw new Error("reading configuration items never writes")
        },
      }),
      Layer.succeed(Backup, {
        reader: () => ({
          listBackupVaults: call("ListBackupVaults", vaults),
          describeBackupVault: (name) => call("DescribeBackupVault", { BackupVaultName: name }),
          getBackupVaultAccessPolicy: () => call("GetBackupVaultAccessPolicy", undefined),
          getBackupVaultNotifications: () => call("GetBackupVaultNotifications", undefined),
          listBackupPlans: call("ListBackupPlans", plans),
          getBackupPlan: (id) => call("GetBackupPlan", { BackupPlanId: id }),
          listBackupSelections: (id) =>
            call("ListBackupSelections", [{ BackupPlanId: id, SelectionId: `${id}-s` }]),
          getBackupSelection: (planId, selectionId) =>
            call("GetBackupSelection", { BackupPlanId: planId, SelectionId: selectionId }),
          listRecoveryPointsByBackupVault: () => call("ListRecoveryPointsByBackupVault", []),
        }),
        writer: () => {
          throw new Error("reading configuration items never writes")
        },
      }),
      Layer.succeed(CloudTrail, {
        reader: () => ({
          describeTrails: call("DescribeTrails", []),
          getTrailStatus: () => call("GetTrailStatus", {}),
          lookupEvents: () => call("LookupEvents", []),
        }),
      }),
    )
    return { layer, calls, peak: () => peak }
  }

  it("keeps at most `concurrency` calls in flight, and asks no attributes of automated snapshots", async () => {
    const counting = countingLayer()
    const items = await Effect.runPromise(
      readConfigurationItems({ accountId: "123456789012", region }, { concurrency: 3 }).pipe(
        Effect.provide(counting.layer),
      ),
    )
    expect(counting.peak()).toBe(3)
    expect(counting.calls.filter((c) => c === "DescribeDBSnapshotAttributes")).toHaveLength(5)
    expect(items.filter((item) => item.resourceType === "AWS::RDS::DBSnapshot")).toHaveLength(6)
    expect(items.find((item) => item.resourceId === "rds:nightly")?.supplementaryConfiguration).toEqual({
      DBSnapshotAttributes: [{ attributeName: "restore", attributeValues: [] }],
    })
    expect(items.filter((item) => item.resourceType.startsWith("AWS::Backup::"))).toHaveLength(7)
  })

  it("fails with the call's typed error when a call is refused", async () => {
    const denied = new AccessDenied({
      service: "backup",
      operation: "ListBackupPlans",
      by: "scp",
      explicit: true,
      message: "with an explicit deny in a service control policy",
    })
    const error = await Effect.runPromise(
      readConfigurationItems({ accountId: "123456789012", region }).pipe(
        Effect.provide(countingLayer(denied).layer),
        Effect.flip,
      ),
    )
    expect(error).toBe(denied)
  })
})
