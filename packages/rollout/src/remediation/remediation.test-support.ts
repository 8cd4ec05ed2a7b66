import {
  type Backup,
  backupLive,
  type CloudTrail,
  type CredentialBroker,
  cloudTrailLive,
  credentialBrokerLive,
  Rds,
  rdsLive,
  type Sts,
  stsLive,
} from "@rampart/aws"
import { loadCatalog } from "@rampart/catalog"
import { databaseLayer, migrate } from "@rampart/store"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { afterAll } from "vitest"
import { memberSession, sandboxSettings, useSandboxProcess } from "../../../aws/src/sandbox.test-support.ts"
import { remediationActionById } from "./actions.ts"
import { findingRules } from "./finding-rules.ts"
import type { RemediationActionId, RemediationItem } from "./remediation-item.ts"
import type { RemediationAccess, RemediationPolicy } from "./remediation-policy.ts"

/** The small scenario's Region. */
export const region = "eu-west-1"

/** Member accounts are reached through the role every sandbox account has. */
export const access: RemediationAccess = { roleName: "OrganizationAccountAccessRole" }

/** The example policy, without a maintenance window. */
export const policy: RemediationPolicy = {
  kmsKeyAlias: "alias/rampart-rds",
  backupRetentionDays: 7,
  maxConcurrency: { kind: "count", value: 2 },
  maxErrors: { kind: "count", value: 0 },
  actions: [
    "encrypt-rds",
    "enable-backups",
    "enable-deletion-protection",
    "enable-multi-az",
    "disable-public-access",
  ],
}

/** Polls often: the sandbox runs 60 times faster than real time. */
export const waits = { pollMillis: 250, timeoutMillis: 5 * 60_000 }

/** The rules of the catalog's packs with the example's parameters (a backup retention of at least 7 days). */
export const rules = (() => {
  const loaded = loadCatalog()
  if (!loaded.ok) throw new Error("the catalog does not load")
  return findingRules(loaded.catalog, [{ id: "rds-security", parameters: { RdsBackupRetentionMinimum: 7 } }])
})()

type World = Rds | Sts | CloudTrail | Backup | SqlClient

/**
 * A sandbox of the small scenario at 60x (an instance restores in seconds) and a PGlite store, for one test
 * file. Each run gets a fresh credential broker: sessions expire on the sandbox's fast clock.
 */
export const useRemediationWorld = () => {
  process.env.AWS_ACCESS_KEY_ID = "test"
  process.env.AWS_SECRET_ACCESS_KEY = "test"
  const sandbox = useSandboxProcess(["--scenario", "small", "--time-scale", "60"])
  let runtime: ManagedRuntime.ManagedRuntime<World, unknown> | undefined
  const runtimeOf = async () => {
    if (runtime === undefined) {
      const { url } = await sandbox
      const aws = Layer.mergeAll(rdsLive, stsLive, cloudTrailLive, backupLive).pipe(
        Layer.provide(sandboxSettings(url)),
      )
      const store = databaseLayer({}) as unknown as Layer.Layer<SqlClient>
      runtime = ManagedRuntime.make(Layer.merge(aws, store))
      await runtime.runPromise(migrate)
    }
    return runtime
  }
  afterAll(async () => {
    await runtime?.dispose()
  })
  const run = async <A, E>(program: Effect.Effect<A, E, World | CredentialBroker>): Promise<A> =>
    (await runtimeOf()).runPromise(program.pipe(Effect.provide(credentialBrokerLive())))
  return { sandbox, run }
}

/** The RDS writer of a member account, through its OrganizationAccountAccessRole. */
export const rdsOf = (accountId: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    return (yield* Rds).writer({ region, credentials })
  })

/** A plan item for an instance of the sandbox, as a plan would make it from its finding. */
export const itemFor = (accountId: string, instanceId: string, action: RemediationActionId) =>
  Effect.gen(function* () {
    const instance = yield* (yield* rdsOf(accountId)).describeDBInstance(instanceId)
    const answers = remediationActionById.get(action)?.answers
    const rule = [...rules.values()].find((r) => r.sourceIdentifier === answers)
    if (rule === undefined) throw new Error(`no pack rule for ${action}`)
    const resourceId = instance?.DbiResourceId ?? instanceId
    return {
      accountId,
      region,
      resourceType: "AWS::RDS::DBInstance",
      resourceId,
      instanceId,
      ...(instance?.DBClusterIdentifier === undefined ? {} : { clusterId: instance.DBClusterIdentifier }),
      action,
      rule,
      findingKey: [accountId, region, rule.name, "AWS::RDS::DBInstance", resourceId].join("|"),
      reason: `${rule.name} is NON_COMPLIANT`,
    } satisfies RemediationItem
  })
