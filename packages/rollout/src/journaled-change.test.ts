import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  Backup,
  backupLive,
  configLive,
  credentialBrokerLive,
  iamLive,
  Organizations,
  organizationsLive,
  stsLive,
} from "@rampart/aws"
import { databaseLayer, migrate, rolloutJournal } from "@rampart/store"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { describe, expect, it } from "vitest"
import { advanceClock, sandboxSettings, useSandboxProcess } from "../../aws/src/sandbox.test-support.ts"
import type { ConvergeSettings } from "./converge.ts"
import { applyChange, rollBack } from "./journaled-change.ts"
import type { Change } from "./plan.ts"
import { memberScope } from "./read-state.ts"
import type { ResourceState } from "./resource-state.ts"

const sandbox = useSandboxProcess(["--scenario", "small", "--time-scale", "60"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const settings: ConvergeSettings = {
  access: { roleName: "OrganizationAccountAccessRole" },
  homeRegion: "eu-west-1",
  packTimeoutMillis: 60_000,
  packPollMillis: 200,
}

type Services = Layer.Success<ReturnType<typeof awsLayer>> | SqlClient

const awsLayer = (url: string) =>
  Layer.mergeAll(organizationsLive, configLive, backupLive, iamLive, credentialBrokerLive()).pipe(
    Layer.provideMerge(stsLive),
    Layer.provide(sandboxSettings(url)),
  )

const run = async <A, E>(
  program: Effect.Effect<A, E, Services>,
  dataDir = mkdtempSync(join(tmpdir(), "rampart-journal-")),
): Promise<A> => {
  const { url } = await sandbox
  const aws = awsLayer(url)
  const store = databaseLayer({ dataDir })
  return Effect.runPromise(
    migrate.pipe(Effect.andThen(program), Effect.provide(Layer.merge(aws, store))) as Effect.Effect<A, E>,
  )
}

const change = (key: string, before: ResourceState, after: ResourceState): Change => ({
  key,
  wave: "canary",
  target: "test",
  step: 0,
  before,
  after,
  summary: key,
})

const policyNames = (targetId: string) =>
  Organizations.use((o) => o.listPoliciesForTarget(targetId)).pipe(
    Effect.map((list) => list.map((p) => p.Name).sort()),
  )

describe("journaled changes and rollback, against the sandbox", () => {
  it("applies each change once, skips what is journaled as applied, and rolls back to the first before-state", async () => {
    const account = "222222222203"
    const name = "rampart-journal-test-1"
    const content =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
    const result = await run(
      Effect.gen(function* () {
        const policy = change(
          `scp-policy:${name}`,
          { kind: "scp-policy", name, exists: false },
          { kind: "scp-policy", name, exists: true, description: "test", content },
        )
        const attachment = change(
          `scp-attachment:${name}@${account}`,
          { kind: "scp-attachment", policyName: name, targetId: account, attached: false },
          { kind: "scp-attachment", policyName: name, targetId: account, attached: true },
        )
        const vault = change(
          `vault:${account}:eu-west-1:rampart-backup`,
          { kind: "vault", account, region: "eu-west-1", name: "rampart-backup", exists: false },
          {
            kind: "vault",
            account,
            region: "eu-west-1",
            name: "rampart-backup",
            exists: true,
            lock: { minRetentionDays: 7, maxRetentionDays: 35 },
          },
        )
        const first = [] as string[]
        for (const c of [vault, policy, attachment])
          first.push(yield* applyChange("j1", c, settings, new Date()))
        const attached = yield* policyNames(account)
        // The same changes asked again (a resumed rollout): nothing is made twice.
        const again = [] as string[]
        for (const c of [vault, policy, attachment])
          again.push(yield* applyChange("j1", c, settings, new Date()))
        const restored = yield* rollBack("j1", settings, new Date())
        const after = yield* policyNames(account)
        const scope = yield* memberScope(settings.access, account, "eu-west-1")
        const vaults = yield* Backup.use((b) => b.reader(scope).listBackupVaults)
        const journal = yield* rolloutJournal("j1")
        const repeated = yield* rollBack("j1", settings, new Date())
        return { first, again, attached, restored, after, vaults, journal, repeated }
      }),
    )
    expect(result.first).toEqual(["applied", "applied", "applied"])
    expect(result.again).toEqual(["already-applied", "already-applied", "already-applied"])
    expect(result.attached).toEqual(["FullAWSAccess", name])
    // Latest first: the attachment comes off before its policy is deleted.
    expect(result.restored.map((r) => [r.key, r.outcome])).toEqual([
      [`scp-attachment:${name}@${account}`, "restored"],
      [`scp-policy:${name}`, "restored"],
      [`vault:${account}:eu-west-1:rampart-backup`, "restored"],
    ])
    expect(result.after).toEqual(["FullAWSAccess"])
    expect(result.vaults.map((v) => v.BackupVaultName)).not.toContain("rampart-backup")
    expect(result.journal.filter((e) => e.action !== "restore").map((e) => e.status)).toEqual([
      "rolled-back",
      "rolled-back",
      "rolled-back",
    ])
    expect(result.repeated.every((r) => r.outcome === "already-restored")).toBe(true)
  }, 120_000)

  it("cannot undo a compliance-mode Vault Lock past its grace time: the rollback skips it and says why", async () => {
    const { url } = await sandbox
    const account = "222222222204"
    const vaultChange = change(
      `vault:${account}:eu-west-1:rampart-backup`,
      { kind: "vault", account, region: "eu-west-1", name: "rampart-backup", exists: false },
      {
        kind: "vault",
        account,
        region: "eu-west-1",
        name: "rampart-backup",
        exists: true,
        lock: { minRetentionDays: 7, maxRetentionDays: 35, changeableForDays: 3 },
      },
    )
    const dataDir = mkdtempSync(join(tmpdir(), "rampart-journal-"))
    await run(applyChange("j2", vaultChange, settings, new Date()), dataDir)
    await advanceClock(url, 4 * 86_400)
    // A new process (its sessions made on the sandbox's new day) rolls back.
    const restored = await run(rollBack("j2", settings, new Date()), dataDir)
    expect(restored).toHaveLength(1)
    expect(restored[0]?.outcome).toBe("skipped")
    expect(restored[0]?.message).toMatch(
      /compliance-mode Vault Lock on rampart-backup in 222222222204 eu-west-1 is permanent since/,
    )
  }, 120_000)
})
