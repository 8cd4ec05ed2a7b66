import {
  CopyDBClusterSnapshotCommand,
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBInstanceCommand,
  RestoreDBClusterFromSnapshotCommand,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"
import type { ClusterRecord } from "./state.ts"

const key = "arn:aws:kms:us-east-1:999999999999:key/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"

/** The customer managed key the clusters are encrypted with, in the management account. */
const sandbox = useRdsSandbox({
  resources: {
    kms: {
      keys: [
        {
          account: "999999999999",
          region: "us-east-1",
          id: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
          description: "Aurora clusters",
        },
      ],
    },
  },
})

const cluster = async (url: string, id: string) =>
  (await rdsClient(url).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0]

const member = (id: string, clusterId: string, extra: Record<string, unknown> = {}) =>
  new CreateDBInstanceCommand({
    DBInstanceIdentifier: id,
    DBClusterIdentifier: clusterId,
    DBInstanceClass: "db.r6g.large",
    Engine: "aurora-postgresql",
    ...extra,
  })

describe("RDS Aurora clusters through the SDK v3 client", () => {
  it("creates a cluster whose instances take their encryption and backups from it", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    const created = await client.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: "orders-aurora",
        Engine: "aurora-postgresql",
        MasterUsername: "app",
        MasterUserPassword: "secret-password",
        StorageEncrypted: true,
        KmsKeyId: key,
        BackupRetentionPeriod: 14,
        EnableCloudwatchLogsExports: ["postgresql"],
        DeletionProtection: true,
      }),
    )
    expect(created.DBCluster).toMatchObject({
      DBClusterIdentifier: "orders-aurora",
      Status: "creating",
      Engine: "aurora-postgresql",
      StorageEncrypted: true,
      KmsKeyId: key,
      BackupRetentionPeriod: 14,
      DeletionProtection: true,
      EnabledCloudwatchLogsExports: ["postgresql"],
      DBClusterArn: "arn:aws:rds:us-east-1:999999999999:cluster:orders-aurora",
      Port: 5432,
      DBClusterMembers: [],
      AvailabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    })
    expect(created.DBCluster?.DbClusterResourceId).toMatch(/^cluster-[A-Z0-9]{26}$/)
    expect(created.DBCluster?.Endpoint).toMatch(
      /^orders-aurora\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/,
    )
    await expect(client.send(member("orders-1", "orders-aurora"))).rejects.toMatchObject({
      name: "InvalidDBClusterStateFault",
    })
    parts.clock.advance(minutes(3))

    await expect(client.send(member("orders-x", "orders-aurora", { KmsKeyId: key }))).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("storage encryption key"),
    })
    await expect(
      client.send(member("orders-x", "orders-aurora", { Engine: "aurora-mysql" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
    })
    await expect(client.send(member("orders-x", "no-such-cluster"))).rejects.toMatchObject({
      name: "DBClusterNotFoundFault",
      $metadata: { httpStatusCode: 404 },
    })
    const writer = await client.send(member("orders-1", "orders-aurora"))
    // StorageEncrypted does not apply to Aurora instances: the cluster decides.
    const reader = await client.send(
      member("orders-2", "orders-aurora", { StorageEncrypted: false, PromotionTier: 0 }),
    )
    expect(writer.DBInstance).toMatchObject({
      DBClusterIdentifier: "orders-aurora",
      StorageEncrypted: true,
      KmsKeyId: key,
      BackupRetentionPeriod: 14,
      EnabledCloudwatchLogsExports: ["postgresql"],
      PromotionTier: 1,
      AvailabilityZone: "us-east-1a",
    })
    expect(reader.DBInstance).toMatchObject({ StorageEncrypted: true, AvailabilityZone: "us-east-1b" })
    parts.clock.advance(minutes(4))
    expect(
      (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-1" })))
        .DBInstances?.[0],
    ).toMatchObject({ DBInstanceStatus: "available" })
    expect((await cluster(url, "orders-aurora"))?.DBClusterMembers).toEqual([
      {
        DBInstanceIdentifier: "orders-1",
        IsClusterWriter: true,
        DBClusterParameterGroupStatus: "in-sync",
        PromotionTier: 1,
      },
      {
        DBInstanceIdentifier: "orders-2",
        IsClusterWriter: false,
        DBClusterParameterGroupStatus: "in-sync",
        PromotionTier: 0,
      },
    ])
    expect((await cluster(url, "orders-aurora"))?.MultiAZ).toBe(true)
    const byCluster = await client.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: ["orders-aurora"] }] }),
    )
    expect(byCluster.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["orders-1", "orders-2"])
    await expect(
      client.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: "orders-1", BackupRetentionPeriod: 3 }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("DB cluster"),
    })

    // Cluster settings reach the members once the cluster has finished modifying.
    await client.send(
      new ModifyDBClusterCommand({
        DBClusterIdentifier: "orders-aurora",
        BackupRetentionPeriod: 21,
        EnableIAMDatabaseAuthentication: true,
        ApplyImmediately: true,
      }),
    )
    expect((await cluster(url, "orders-aurora"))?.Status).toBe("modifying")
    parts.clock.advance(minutes(2))
    const modified = await cluster(url, "orders-aurora")
    expect(modified).toMatchObject({
      Status: "available",
      BackupRetentionPeriod: 21,
      IAMDatabaseAuthenticationEnabled: true,
    })
    expect(
      (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-2" })))
        .DBInstances?.[0],
    ).toMatchObject({ BackupRetentionPeriod: 21, IAMDatabaseAuthenticationEnabled: true })
    await expect(
      client.send(
        new ModifyDBClusterCommand({ DBClusterIdentifier: "orders-aurora", BackupRetentionPeriod: 0 }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" })
  })

  it("fails over to a reader, recording the failover, and refuses to delete a protected or populated cluster", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    const failed = await client.send(new FailoverDBClusterCommand({ DBClusterIdentifier: "orders-aurora" }))
    expect(failed.DBCluster?.Status).toBe("failing-over")
    expect(failed.DBCluster?.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier).toBe(
      "orders-2",
    )
    const record = parts.store.accounts.get("999999999999")?.regions["us-east-1"]?.rds as
      | { clusters: Record<string, ClusterRecord> }
      | undefined
    expect(record?.clusters["orders-aurora"]?.failovers).toEqual([
      expect.objectContaining({ from: "orders-1", to: "orders-2" }),
    ])
    await expect(
      client.send(new FailoverDBClusterCommand({ DBClusterIdentifier: "orders-aurora" })),
    ).rejects.toMatchObject({
      name: "InvalidDBClusterStateFault",
    })
    parts.clock.advance(minutes(1))
    const back = await client.send(
      new FailoverDBClusterCommand({
        DBClusterIdentifier: "orders-aurora",
        TargetDBInstanceIdentifier: "orders-1",
      }),
    )
    expect(back.DBCluster?.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier).toBe(
      "orders-1",
    )
    parts.clock.advance(minutes(1))

    await expect(
      client.send(
        new DeleteDBClusterCommand({ DBClusterIdentifier: "orders-aurora", SkipFinalSnapshot: true }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: "Cannot delete protected Cluster, please disable deletion protection and try again.",
    })
    await client.send(
      new ModifyDBClusterCommand({ DBClusterIdentifier: "orders-aurora", DeletionProtection: false }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      client.send(
        new DeleteDBClusterCommand({ DBClusterIdentifier: "orders-aurora", SkipFinalSnapshot: true }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidDBClusterStateFault",
      message: expect.stringContaining("DB instances"),
    })
    await expect(
      client.send(
        new DeleteDBInstanceCommand({
          DBInstanceIdentifier: "orders-2",
          FinalDBSnapshotIdentifier: "not-for-members",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" })
    await client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "orders-2" }))
    // The writer's cluster fails over on its own when the writer goes.
    await client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "orders-1" }))
    parts.clock.advance(minutes(2))
    const deleted = await client.send(
      new DeleteDBClusterCommand({
        DBClusterIdentifier: "orders-aurora",
        FinalDBSnapshotIdentifier: "orders-final",
      }),
    )
    expect(deleted.DBCluster?.Status).toBe("deleting")
    const final = await client.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: "orders-final" }),
    )
    expect(final.DBClusterSnapshots?.[0]).toMatchObject({
      DBClusterIdentifier: "orders-aurora",
      StorageEncrypted: true,
      KmsKeyId: key,
    })
    parts.clock.advance(minutes(2))
    await expect(
      client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "orders-aurora" })),
    ).rejects.toMatchObject({ name: "DBClusterNotFoundFault" })
  })

  it("encrypts an unencrypted cluster by restoring its snapshot with a KMS key", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await client.send(
      new CreateDBClusterCommand({ DBClusterIdentifier: "plain-aurora", Engine: "aurora-mysql" }),
    )
    parts.clock.advance(minutes(3))
    expect(await cluster(url, "plain-aurora")).toMatchObject({ StorageEncrypted: false, Port: 3306 })
    const snapshot = await client.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: "plain-aurora",
        DBClusterSnapshotIdentifier: "plain-snap",
      }),
    )
    expect(snapshot.DBClusterSnapshot).toMatchObject({
      Status: "creating",
      StorageEncrypted: false,
      SnapshotType: "manual",
    })
    await expect(
      client.send(
        new RestoreDBClusterFromSnapshotCommand({
          DBClusterIdentifier: "enc-aurora",
          SnapshotIdentifier: "plain-snap",
          Engine: "aurora-mysql",
          KmsKeyId: key,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBClusterSnapshotStateFault" })
    parts.clock.advance(minutes(2))
    await expect(
      client.send(
        new RestoreDBClusterFromSnapshotCommand({
          DBClusterIdentifier: "enc-aurora",
          SnapshotIdentifier: "plain-snap",
          Engine: "aurora-postgresql",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" })
    const restored = await client.send(
      new RestoreDBClusterFromSnapshotCommand({
        DBClusterIdentifier: "enc-aurora",
        SnapshotIdentifier: "plain-snap",
        Engine: "aurora-mysql",
        KmsKeyId: key,
      }),
    )
    expect(restored.DBCluster).toMatchObject({ Status: "creating", StorageEncrypted: true, KmsKeyId: key })
    const unencrypted = await client.send(
      new RestoreDBClusterFromSnapshotCommand({
        DBClusterIdentifier: "plain-again",
        SnapshotIdentifier: "arn:aws:rds:us-east-1:999999999999:cluster-snapshot:plain-snap",
        Engine: "aurora-mysql",
      }),
    )
    expect(unencrypted.DBCluster?.StorageEncrypted).toBe(false)
    parts.clock.advance(minutes(3))
    const instance = await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "enc-aurora-1",
        DBClusterIdentifier: "enc-aurora",
        DBInstanceClass: "db.r6g.large",
        Engine: "aurora-mysql",
      }),
    )
    expect(instance.DBInstance).toMatchObject({ StorageEncrypted: true, KmsKeyId: key })

    const copy = await client.send(
      new CopyDBClusterSnapshotCommand({
        SourceDBClusterSnapshotIdentifier: "plain-snap",
        TargetDBClusterSnapshotIdentifier: "plain-snap-encrypted",
        KmsKeyId: key,
      }),
    )
    expect(copy.DBClusterSnapshot).toMatchObject({
      StorageEncrypted: true,
      KmsKeyId: key,
      SourceDBClusterSnapshotArn: "arn:aws:rds:us-east-1:999999999999:cluster-snapshot:plain-snap",
    })
    const shared = await client.send(
      new ModifyDBClusterSnapshotAttributeCommand({
        DBClusterSnapshotIdentifier: "plain-snap",
        AttributeName: "restore",
        ValuesToAdd: ["all"],
      }),
    )
    expect(shared.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes).toEqual([
      { AttributeName: "restore", AttributeValues: ["all"] },
    ])
    const attributes = await client.send(
      new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: "plain-snap" }),
    )
    expect(attributes.DBClusterSnapshotAttributesResult?.DBClusterSnapshotIdentifier).toBe("plain-snap")
    const listed = await client.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: "plain-aurora" }),
    )
    expect(listed.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toEqual([
      "plain-snap",
      "plain-snap-encrypted",
    ])
    await expect(
      client.send(
        new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: "plain-snap-encrypted" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBClusterSnapshotStateFault" })
    await expect(
      client.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: "nope" })),
    ).rejects.toMatchObject({ name: "DBClusterSnapshotNotFoundFault", $metadata: { httpStatusCode: 404 } })
    await expect(
      client.send(
        new CreateDBClusterCommand({ DBClusterIdentifier: "plain-aurora", Engine: "aurora-mysql" }),
      ),
    ).rejects.toMatchObject({ name: "DBClusterAlreadyExistsFault" })
  })
})
