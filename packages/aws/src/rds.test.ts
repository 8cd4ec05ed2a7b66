import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Rds, rdsLive } from "./rds.ts"
import { advanceClock, memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
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

  it("encrypts through a snapshot, an encrypted copy and a restore that keeps the source's settings, repeatably", async () => {
    const { url } = await sandbox
    const writerOf = Effect.gen(function* () {
      const credentials = yield* memberSession("222222222203")
      return (yield* Rds).writer({ region, credentials })
    })
    const first = await run(
      Effect.gen(function* () {
        const rds = yield* writerOf
        const source = yield* rds.describeDBInstance("app-db-3")
        const snapshots = [
          yield* rds.createDBSnapshot({ instanceId: "app-db-3", snapshotId: "writer-test-plain" }),
          yield* rds.createDBSnapshot({ instanceId: "app-db-3", snapshotId: "writer-test-plain" }),
        ]
        return { source, snapshots, creating: yield* rds.describeDBSnapshot("writer-test-plain") }
      }),
    )
    expect(first.source).toMatchObject({ DBInstanceIdentifier: "app-db-3", StorageEncrypted: false })
    expect(first.snapshots).toEqual(["created", "already-exists"])
    expect(first.creating).toMatchObject({ Status: "creating", Encrypted: false })
    await advanceClock(url, 3 * 60)
    const copied = await run(
      Effect.gen(function* () {
        const rds = yield* writerOf
        const copy = { sourceSnapshotId: "writer-test-plain", targetSnapshotId: "writer-test-encrypted" }
        const answers = [
          yield* rds.copyDBSnapshot({
            ...copy,
            kmsKeyId: "alias/rampart-rds",
            tags: { "rampart:remediation": "t" },
          }),
          yield* rds.copyDBSnapshot({ ...copy, kmsKeyId: "alias/rampart-rds" }),
        ]
        return { answers, copy: yield* rds.describeDBSnapshot("writer-test-encrypted") }
      }),
    )
    expect(copied.answers).toEqual(["created", "already-exists"])
    expect(copied.copy).toMatchObject({ Encrypted: true, DBInstanceIdentifier: "app-db-3" })
    expect(copied.copy?.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:222222222203:key\//)
    await advanceClock(url, 3 * 60)
    const restored = await run(
      Effect.gen(function* () {
        const rds = yield* writerOf
        const like = yield* rds.describeDBInstance("app-db-3")
        const restore = {
          instanceId: "app-db-3-writer-test",
          snapshotId: "writer-test-encrypted",
          ...(like === undefined ? {} : { like }),
          tags: { "rampart:encrypted-copy-of": "app-db-3" },
        }
        const answers = [
          yield* rds.restoreDBInstanceFromDBSnapshot(restore),
          yield* rds.restoreDBInstanceFromDBSnapshot(restore),
        ]
        return { like, answers, instance: yield* rds.describeDBInstance("app-db-3-writer-test") }
      }),
    )
    expect(restored.answers).toEqual(["created", "already-exists"])
    expect(restored.instance).toMatchObject({
      StorageEncrypted: true,
      Engine: restored.like?.Engine,
      DBInstanceClass: restored.like?.DBInstanceClass,
      BackupRetentionPeriod: restored.like?.BackupRetentionPeriod,
      PubliclyAccessible: restored.like?.PubliclyAccessible,
      DBInstanceStatus: "creating",
    })
    expect(restored.instance?.TagList).toContainEqual({ Key: "rampart:encrypted-copy-of", Value: "app-db-3" })
    expect(restored.instance?.KmsKeyId).toBe(copied.copy?.KmsKeyId)
  })

  it("modifies backups, deletion protection, Multi-AZ and public access immediately", async () => {
    const { url } = await sandbox
    const writerOf = Effect.gen(function* () {
      const credentials = yield* memberSession("222222222206")
      return (yield* Rds).writer({ region, credentials })
    })
    const before = await run(
      Effect.gen(function* () {
        const rds = yield* writerOf
        const before = yield* rds.describeDBInstance("app-db-6")
        const answered = yield* rds.modifyDBInstance({
          instanceId: "app-db-6",
          backupRetentionPeriod: 7,
          deletionProtection: true,
          multiAZ: true,
          publiclyAccessible: false,
        })
        return { before, answered }
      }),
    )
    expect(before.before).toMatchObject({
      BackupRetentionPeriod: 0,
      DeletionProtection: false,
      PubliclyAccessible: true,
    })
    expect(before.answered.DBInstanceStatus).toBe("modifying")
    await advanceClock(url, 3 * 60)
    const after = await run(writerOf.pipe(Effect.flatMap((rds) => rds.describeDBInstance("app-db-6"))))
    expect(after).toMatchObject({
      DBInstanceStatus: "available",
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      MultiAZ: true,
      PubliclyAccessible: false,
    })
  })

  it("answers undefined for an instance or snapshot that does not exist", async () => {
    const missing = await run(
      Effect.gen(function* () {
        const credentials = yield* memberSession("222222222201")
        const rds = (yield* Rds).writer({ region, credentials })
        return [
          yield* rds.describeDBInstance("no-such-db"),
          yield* rds.describeDBSnapshot("no-such-snapshot"),
        ]
      }),
    )
    expect(missing).toEqual([undefined, undefined])
  })
})
