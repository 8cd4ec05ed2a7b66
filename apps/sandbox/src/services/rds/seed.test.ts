import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  paginateDescribeDBInstances,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { testScenario } from "../../fixtures.test-support.ts"
import { applyOrganization } from "../../scenario/apply-organization.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { SandboxStore } from "../../state/store.ts"
import { seedKms } from "../kms/seed.ts"
import { devKey, rdsClient, useRdsSandbox } from "./rds.test-support.ts"
import { seedRds } from "./seed.ts"

const many = Array.from({ length: 45 }, (_, i) => ({
  account: "222222222222",
  id: `fleet-${String(i).padStart(2, "0")}`,
  engine: i % 3 === 0 ? "mysql" : "postgres",
  encrypted: i % 2 === 0,
}))

/** The customer managed key the seeded cluster names by alias; KMS seeds before RDS. */
const fleetKeyId = "5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"

const sandbox = useRdsSandbox({
  resources: {
    kms: {
      keys: [
        {
          account: "222222222222",
          region: "us-east-1",
          id: fleetKeyId,
          description: "Fleet databases",
          aliases: ["alias/fleet"],
        },
      ],
    },
    rds: {
      instances: many,
      clusters: [
        {
          account: "222222222222",
          id: "fleet-aurora",
          engine: "aurora-mysql",
          encrypted: true,
          kmsKeyId: "alias/fleet",
        },
      ],
      snapshots: [{ account: "222222222222", id: "fleet-00-snap", instance: "fleet-00" }],
    },
  },
})

/** The KMS keys the sections below may name: alias/db in the management account, alias/k in Dev One. */
const kmsSection = {
  keys: [
    { account: "999999999999", region: "us-east-1", aliases: ["alias/db"] },
    { account: "222222222222", region: "us-east-1", aliases: ["alias/k"] },
  ],
}

/**
 * Loads a section into a fresh store holding the test organization and the keys of `kmsSection` (seeded first,
 * as the sandbox does); returns the error it throws, if any.
 */
const seedError = (section: unknown): unknown => {
  const now = Date.now()
  const store = new SandboxStore({ clock: now })
  applyOrganization(store, testScenario, now)
  const context = { store, now, partition: "aws", regions: testScenario.regions }
  seedKms(kmsSection, context)
  try {
    seedRds(section, context)
    return undefined
  } catch (error) {
    return error
  }
}

describe("RDS scenario loading", () => {
  it("starts seeded resources available, and pages them with MaxRecords and Marker", async () => {
    const { url } = await sandbox
    const dev = rdsClient(url, devKey)
    const first = await dev.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }))
    expect(first.DBInstances).toHaveLength(20)
    expect(first.DBInstances?.[0]).toMatchObject({
      DBInstanceIdentifier: "fleet-00",
      DBInstanceStatus: "available",
      StorageEncrypted: true,
      Engine: "mysql",
    })
    expect(first.DBInstances?.[1]).toMatchObject({ StorageEncrypted: false })
    expect(first.DBInstances?.[0]?.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:222222222222:key\//)
    const second = await dev.send(new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: first.Marker }))
    expect(second.DBInstances?.[0]?.DBInstanceIdentifier).toBe("fleet-20")
    const ids: string[] = []
    let pages = 0
    for await (const page of paginateDescribeDBInstances({ client: dev, pageSize: 20 }, {})) {
      pages++
      ids.push(...(page.DBInstances ?? []).map((i) => i.DBInstanceIdentifier as string))
    }
    expect(pages).toBe(3)
    expect(ids).toEqual(many.map((m) => m.id))
    const mysql = await dev.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["mysql"] }] }),
    )
    expect(mysql.DBInstances).toHaveLength(15)
    await expect(dev.send(new DescribeDBInstancesCommand({ MaxRecords: 101 }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("MaxRecords"),
    })
    await expect(dev.send(new DescribeDBInstancesCommand({ Marker: "not-a-marker" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
    })
    expect(
      (await dev.send(new DescribeDBClustersCommand({}))).DBClusters?.map((c) => [
        c.DBClusterIdentifier,
        c.Status,
        c.StorageEncrypted,
        c.KmsKeyId,
      ]),
    ).toEqual([["fleet-aurora", "available", true, `arn:aws:kms:us-east-1:222222222222:key/${fleetKeyId}`]])
    expect(
      (await dev.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots?.map((s) => [
        s.DBSnapshotIdentifier,
        s.Status,
        s.Encrypted,
      ]),
    ).toEqual([["fleet-00-snap", "available", true]])
  })

  it("loads a valid section", () => {
    expect(
      seedError({
        clusters: [{ account: "111111111111", region: "eu-west-1", id: "c1", engine: "aurora-postgresql" }],
        instances: [
          {
            account: "111111111111",
            region: "eu-west-1",
            id: "c1-a",
            engine: "aurora-postgresql",
            cluster: "c1",
          },
          { account: "999999999999", id: "r1", engine: "mysql", replicaOf: "m1" },
          { account: "999999999999", id: "m1", engine: "mysql", kmsKeyId: "alias/db", encrypted: true },
        ],
      }),
    ).toBeUndefined()
  })

  it("refuses bad entries with a ScenarioError naming the path", () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [[], "resources.rds"],
      [{ databases: [] }, "resources.rds.databases"],
      [{ instances: {} }, "resources.rds.instances"],
      [{ instances: [{ account: "222222222222", id: "x" }] }, "resources.rds.instances[0].engine"],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mongodb" }] },
        "resources.rds.instances[0].engine",
      ],
      [
        { instances: [{ account: "444444444444", id: "x", engine: "mysql" }] },
        "resources.rds.instances[0].account",
      ],
      [
        { instances: [{ account: "222222222222", region: "ap-south-1", id: "x", engine: "mysql" }] },
        "resources.rds.instances[0].region",
      ],
      [
        { instances: [{ account: "222222222222", id: "x--y", engine: "mysql" }] },
        "resources.rds.instances[0].id",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", encrypted: "yes" }] },
        "resources.rds.instances[0].encrypted",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", kmsKeyId: "alias/k" }] },
        "resources.rds.instances[0].kmsKeyId",
      ],
      [
        {
          instances: [
            { account: "222222222222", id: "x", engine: "mysql", encrypted: true, kmsKeyId: "not a key" },
          ],
        },
        "resources.rds.instances[0].kmsKeyId",
      ],
      [
        {
          instances: [
            { account: "222222222222", id: "x", engine: "mysql", encrypted: true, kmsKeyId: "alias/missing" },
          ],
        },
        "resources.rds.instances[0].kmsKeyId",
      ],
      [
        {
          instances: [
            {
              account: "222222222222",
              region: "eu-west-1",
              id: "x",
              engine: "mysql",
              encrypted: true,
              kmsKeyId: "alias/k",
            },
          ],
        },
        "resources.rds.instances[0].kmsKeyId",
      ],
      [
        {
          clusters: [
            {
              account: "999999999999",
              id: "c",
              engine: "aurora-mysql",
              encrypted: true,
              kmsKeyId: "arn:aws:kms:us-east-1:999999999999:key/0f0e0d0c-0b0a-4998-8776-655443322110",
            },
          ],
        },
        "resources.rds.clusters[0].kmsKeyId",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", backupRetention: 40 }] },
        "resources.rds.instances[0].backupRetention",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", monitoringInterval: 7 }] },
        "resources.rds.instances[0].monitoringInterval",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", logExports: ["postgresql"] }] },
        "resources.rds.instances[0].logExports",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", colour: "blue" }] },
        "resources.rds.instances[0].colour",
      ],
      [
        {
          instances: [
            { account: "222222222222", id: "x", engine: "mysql" },
            { account: "222222222222", id: "X", engine: "mysql" },
          ],
        },
        "resources.rds.instances[1].id",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "aurora-mysql" }] },
        "resources.rds.instances[0].cluster",
      ],
      [
        {
          clusters: [{ account: "222222222222", id: "c", engine: "aurora-mysql" }],
          instances: [
            { account: "222222222222", id: "x", engine: "aurora-mysql", cluster: "c", encrypted: true },
          ],
        },
        "resources.rds.instances[0].encrypted",
      ],
      [
        { instances: [{ account: "222222222222", id: "x", engine: "mysql", replicaOf: "nothing" }] },
        "resources.rds.instances[0].replicaOf",
      ],
      [
        { clusters: [{ account: "222222222222", id: "c", engine: "oracle-ee" }] },
        "resources.rds.clusters[0].engine",
      ],
      [
        { clusters: [{ account: "222222222222", id: "c", engine: "aurora-mysql", backupRetention: 0 }] },
        "resources.rds.clusters[0].backupRetention",
      ],
      [
        { snapshots: [{ account: "222222222222", id: "s", instance: "missing" }] },
        "resources.rds.snapshots[0].instance",
      ],
      [
        {
          instances: [
            { account: "222222222222", id: "x", engine: "mysql", encrypted: true, kmsKeyId: "alias/k" },
          ],
          snapshots: [{ account: "222222222222", id: "s", instance: "x", public: true }],
        },
        "resources.rds.snapshots[0].public",
      ],
      [
        {
          instances: [{ account: "222222222222", id: "x", engine: "mysql", encrypted: true }],
          snapshots: [{ account: "222222222222", id: "s", instance: "x", sharedWith: ["333333333333"] }],
        },
        "resources.rds.snapshots[0].sharedWith",
      ],
      [
        { clusterSnapshots: [{ account: "222222222222", id: "s", cluster: "missing" }] },
        "resources.rds.clusterSnapshots[0].cluster",
      ],
    ]
    for (const [section, path] of cases) {
      const error = seedError(section)
      expect(error, `${JSON.stringify(section)} should fail at ${path}`).toBeInstanceOf(ScenarioError)
      expect((error as ScenarioError).path).toBe(path)
    }
  })
})
