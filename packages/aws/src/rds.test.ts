import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Rds, rdsLive } from "./rds.ts"
import { memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { type Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"

const run = async <A, E>(program: Effect.Effect<A, E, Rds | Sts>): Promise<A> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(rdsLive, stsLive).pipe(Layer.provide(sandboxSettings(url)))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

/** The RDS reader of a member account's session. */
const readerOf = (accountId: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    return (yield* Rds).reader({ region, credentials })
  })

describe("Rds through the live layer, against the sandbox", () => {
  it("reads an Aurora cluster and its member instances in a member account", async () => {
    const { instances, clusters } = await run(
      Effect.gen(function* () {
        const rds = yield* readerOf("222222222212")
        return { instances: yield* rds.describeDBInstances, clusters: yield* rds.describeDBClusters }
      }),
    )
    expect(instances.map((i) => i.DBInstanceIdentifier).sort()).toEqual([
      "search-aurora-1",
      "search-aurora-2",
    ])
    expect(instances.every((i) => i.DBClusterIdentifier === "search-aurora")).toBe(true)
    expect(instances[0]?.DbiResourceId).toMatch(/^db-/)
    expect(clusters).toHaveLength(1)
    expect(clusters[0]).toMatchObject({
      DBClusterIdentifier: "search-aurora",
      Engine: "aurora-postgresql",
      StorageEncrypted: true,
      DeletionProtection: true,
    })
    expect(clusters[0]?.DBClusterMembers).toHaveLength(2)
  })

  it("reads snapshots and who may restore them", async () => {
    const { snapshots, attributes, clusterSnapshots } = await run(
      Effect.gen(function* () {
        const rds = yield* readerOf("222222222214")
        const snapshots = yield* rds.describeDBSnapshots
        return {
          snapshots,
          attributes: yield* rds.describeDBSnapshotAttributes("reporting-legacy-before-upgrade"),
          clusterSnapshots: yield* rds.describeDBClusterSnapshots,
        }
      }),
    )
    expect(snapshots).toHaveLength(1)
    expect(snapshots[0]).toMatchObject({
      DBSnapshotIdentifier: "reporting-legacy-before-upgrade",
      DBInstanceIdentifier: "reporting-legacy",
      SnapshotType: "manual",
      Encrypted: false,
    })
    expect(attributes.DBSnapshotAttributes).toEqual([{ AttributeName: "restore", AttributeValues: [] }])
    expect(clusterSnapshots).toEqual([])
  })

  it("keeps one client per session: two accounts read at once each see their own databases", async () => {
    const [first, second] = await run(
      Effect.all(
        ["222222222201", "222222222202"].map((account) =>
          readerOf(account).pipe(Effect.flatMap((rds) => rds.describeDBInstances)),
        ),
        { concurrency: 2 },
      ),
    )
    expect(first?.map((i) => i.DBInstanceIdentifier)).toEqual(["app-db-1"])
    expect(second?.map((i) => i.DBInstanceIdentifier)).toEqual(["app-db-2"])
  })

  it("types a missing snapshot as NotFound", async () => {
    const error = await run(
      readerOf("222222222201").pipe(
        Effect.flatMap((rds) => rds.describeDBSnapshotAttributes("no-such-snapshot")),
        Effect.flip,
      ),
    )
    expect(error).toMatchObject({
      _tag: "NotFound",
      service: "rds",
      operation: "DescribeDBSnapshotAttributes",
    })
  })
})
