import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ListTagsForResourceCommand,
  ModifyDBInstanceCommand,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { createKmsKey, minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"

const sandbox = useRdsSandbox()

const create = (url: string, id: string, extra: Record<string, unknown> = {}) =>
  rdsClient(url).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      DBInstanceClass: "db.t3.micro",
      Engine: "postgres",
      MasterUsername: "app",
      MasterUserPassword: "secret-password",
      AllocatedStorage: 20,
      ...extra,
    }),
  )

const describeOne = async (url: string, id: string) =>
  (await rdsClient(url).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0]

describe("RDS DB instances through the SDK v3 client", () => {
  it("creates an instance that is creating, then backing-up, then available on the simulated clock", async () => {
    const { url, parts } = await sandbox
    const created = await create(url, "Orders-DB", { Tags: [{ Key: "team", Value: "orders" }] })
    const instance = created.DBInstance
    expect(instance).toMatchObject({
      DBInstanceIdentifier: "orders-db",
      DBInstanceStatus: "creating",
      Engine: "postgres",
      DBInstanceClass: "db.t3.micro",
      StorageEncrypted: false,
      BackupRetentionPeriod: 1,
      MultiAZ: false,
      PubliclyAccessible: false,
      DeletionProtection: false,
      IAMDatabaseAuthenticationEnabled: false,
      MonitoringInterval: 0,
      AutoMinorVersionUpgrade: true,
      DBInstanceArn: "arn:aws:rds:us-east-1:999999999999:db:orders-db",
      TagList: [{ Key: "team", Value: "orders" }],
    })
    expect(instance?.KmsKeyId).toBeUndefined()
    expect(instance?.Endpoint).toBeUndefined()
    expect(instance?.DbiResourceId).toMatch(/^db-[A-Z0-9]{26}$/)
    expect(instance?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId).toMatch(/^sg-[0-9a-f]{17}$/)
    expect(instance?.PreferredBackupWindow).toBe("03:00-03:30")

    parts.clock.advance(minutes(4))
    expect((await describeOne(url, "orders-db"))?.DBInstanceStatus).toBe("backing-up")
    parts.clock.advance(minutes(1))
    const available = await describeOne(url, "ORDERS-DB")
    expect(available?.DBInstanceStatus).toBe("available")
    expect(available?.Endpoint).toMatchObject({
      Address: expect.stringMatching(/^orders-db\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/),
      Port: 5432,
    })
    expect(available?.InstanceCreateTime).toBeInstanceOf(Date)
    // The ARN works wherever the identifier does.
    expect((await describeOne(url, "arn:aws:rds:us-east-1:999999999999:db:orders-db"))?.DbiResourceId).toBe(
      instance?.DbiResourceId,
    )
  })

  it("encrypts with the given KMS key, or with the AWS managed key when none is given", async () => {
    const { url } = await sandbox
    const { keyId, arn: key } = await createKmsKey(url)
    expect(key).toBe(`arn:aws:kms:us-east-1:999999999999:key/${keyId}`)
    const withKey = await create(url, "enc-with-key", { StorageEncrypted: true, KmsKeyId: key })
    expect(withKey.DBInstance).toMatchObject({ StorageEncrypted: true, KmsKeyId: key })
    const byId = await create(url, "enc-by-key-id", { StorageEncrypted: true, KmsKeyId: keyId })
    expect(byId.DBInstance?.KmsKeyId).toBe(key)
    const managed = await create(url, "enc-managed", { StorageEncrypted: true })
    expect(managed.DBInstance?.KmsKeyId).toMatch(
      /^arn:aws:kms:us-east-1:999999999999:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
  })

  it("refuses bad requests with RDS's error codes, naming the field", async () => {
    const { url } = await sandbox
    await createKmsKey(url, { alias: "alias/orders" })
    // A key that exists, but in another region: RDS cannot use it.
    const europe = await createKmsKey(url, { region: "eu-west-1" })
    expect(europe.arn).toMatch(/^arn:aws:kms:eu-west-1:999999999999:key\//)
    await expect(create(url, "bad--name")).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("DBInstanceIdentifier"),
    })
    await expect(create(url, "no-flag-key", { KmsKeyId: "alias/orders" })).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("StorageEncrypted"),
    })
    await expect(
      create(url, "other-region-key", { StorageEncrypted: true, KmsKeyId: europe.arn }),
    ).rejects.toMatchObject({ name: "KMSKeyNotAccessibleFault" })
    await expect(create(url, "bad-engine", { Engine: "mongodb" })).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("Engine"),
    })
    await expect(create(url, "aurora-alone", { Engine: "aurora-mysql" })).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("DBClusterIdentifier"),
    })
    await expect(create(url, "bad-retention", { BackupRetentionPeriod: 36 })).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("BackupRetentionPeriod"),
    })
    await expect(create(url, "monitor-no-role", { MonitoringInterval: 60 })).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("MonitoringRoleArn"),
    })
    await expect(
      create(url, "bad-logs", { EnableCloudwatchLogsExports: ["slowquery"] }),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
    })
    await create(url, "twice")
    await expect(create(url, "twice")).rejects.toMatchObject({ name: "DBInstanceAlreadyExistsFault" })
    const missing = await rdsClient(url)
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nothing-here" }))
      .catch((error: unknown) => error)
    expect(missing).toMatchObject({
      name: "DBInstanceNotFoundFault",
      message: "DBInstance nothing-here not found.",
      $metadata: { httpStatusCode: 404 },
    })
    await expect(
      rdsClient(url).send(
        new DescribeDBInstancesCommand({ Filters: [{ Name: "colour", Values: ["blue"] }] }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue", message: expect.stringContaining("colour") })
  })

  it("modifies through status modifying, defers Multi-AZ to the maintenance window unless ApplyImmediately", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await create(url, "modify-me")
    await expect(
      client.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: "modify-me", DeletionProtection: true }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidDBInstanceStateFault",
      message: expect.stringContaining("creating"),
    })
    parts.clock.advance(minutes(5))
    const modified = await client.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "modify-me",
        BackupRetentionPeriod: 7,
        PubliclyAccessible: true,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        CloudwatchLogsExportConfiguration: { EnableLogTypes: ["postgresql", "upgrade"] },
        MonitoringInterval: 30,
        MonitoringRoleArn: "arn:aws:iam::999999999999:role/rds-monitoring",
        AutoMinorVersionUpgrade: false,
        MultiAZ: true,
      }),
    )
    expect(modified.DBInstance).toMatchObject({
      DBInstanceStatus: "modifying",
      BackupRetentionPeriod: 1,
      PendingModifiedValues: { MultiAZ: true },
    })
    await expect(
      client.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: "modify-me", PubliclyAccessible: false }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBInstanceStateFault" })
    parts.clock.advance(minutes(2))
    const applied = await describeOne(url, "modify-me")
    expect(applied).toMatchObject({
      DBInstanceStatus: "available",
      BackupRetentionPeriod: 7,
      PubliclyAccessible: true,
      DeletionProtection: true,
      IAMDatabaseAuthenticationEnabled: true,
      EnabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      MonitoringInterval: 30,
      AutoMinorVersionUpgrade: false,
      MultiAZ: false,
      PendingModifiedValues: { MultiAZ: true },
    })
    // ApplyImmediately starts the pending change now.
    await client.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "modify-me",
        ApplyImmediately: true,
        CloudwatchLogsExportConfiguration: { DisableLogTypes: ["upgrade"] },
      }),
    )
    parts.clock.advance(minutes(2))
    const immediate = await describeOne(url, "modify-me")
    expect(immediate).toMatchObject({ MultiAZ: true, EnabledCloudwatchLogsExports: ["postgresql"] })
    expect(immediate?.PendingModifiedValues?.MultiAZ).toBeUndefined()
    await expect(
      client.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: "modify-me" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: "No modifications were requested",
    })
    await expect(
      client.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: "modify-me", DBInstanceClass: "db.r6g.large" }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("DBInstanceClass"),
    })
  })

  it("applies a deferred change when the maintenance window comes", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await create(url, "window-db", { BackupRetentionPeriod: 0 })
    parts.clock.advance(minutes(5))
    expect((await describeOne(url, "window-db"))?.DBInstanceStatus).toBe("available")
    await client.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: "window-db", BackupRetentionPeriod: 3 }),
    )
    expect((await describeOne(url, "window-db"))?.PendingModifiedValues?.BackupRetentionPeriod).toBe(3)
    parts.clock.advance(7 * 24 * 3_600_000 + minutes(3))
    const after = await describeOne(url, "window-db")
    expect(after).toMatchObject({ BackupRetentionPeriod: 3, DBInstanceStatus: "available" })
    expect(after?.PendingModifiedValues?.BackupRetentionPeriod).toBeUndefined()
  })

  it("deletes with a final snapshot or SkipFinalSnapshot, and refuses while deletion protection is on", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await create(url, "delete-me", {
      DeletionProtection: true,
      CopyTagsToSnapshot: true,
      Tags: [{ Key: "a", Value: "b" }],
    })
    parts.clock.advance(minutes(5))
    await expect(
      client.send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: "delete-me", SkipFinalSnapshot: true }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: "Cannot delete protected DB Instance, please disable deletion protection and try again.",
    })
    await client.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: "delete-me", DeletionProtection: false }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "delete-me" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: expect.stringContaining("FinalDBSnapshotIdentifier"),
    })
    const deleted = await client.send(
      new DeleteDBInstanceCommand({
        DBInstanceIdentifier: "delete-me",
        FinalDBSnapshotIdentifier: "delete-me-final",
      }),
    )
    expect(deleted.DBInstance?.DBInstanceStatus).toBe("deleting")
    const final = await client.send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "delete-me-final" }),
    )
    expect(final.DBSnapshots?.[0]).toMatchObject({
      DBInstanceIdentifier: "delete-me",
      SnapshotType: "manual",
      Status: "creating",
      Encrypted: false,
      TagList: [{ Key: "a", Value: "b" }],
    })
    await expect(
      client.send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: "delete-me", SkipFinalSnapshot: true }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBInstanceStateFault" })
    parts.clock.advance(minutes(2))
    await expect(
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "delete-me" })),
    ).rejects.toMatchObject({ name: "DBInstanceNotFoundFault" })
  })

  it("filters by engine and identifier, and tags resources by ARN", async () => {
    const { url } = await sandbox
    const client = rdsClient(url)
    await create(url, "maria-one", { Engine: "mariadb" })
    const byEngine = await client.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["mariadb"] }] }),
    )
    expect(byEngine.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["maria-one"])
    const byId = await client.send(
      new DescribeDBInstancesCommand({
        Filters: [
          {
            Name: "db-instance-id",
            Values: ["arn:aws:rds:us-east-1:999999999999:db:maria-one", "orders-db"],
          },
        ],
      }),
    )
    expect(byId.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["maria-one", "orders-db"])
    const arn = "arn:aws:rds:us-east-1:999999999999:db:maria-one"
    await client.send(
      new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "env", Value: "dev" }] }),
    )
    await client.send(
      new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "owner", Value: "x" }] }),
    )
    await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ["owner"] }))
    expect((await client.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList).toEqual([
      { Key: "env", Value: "dev" },
    ])
    expect((await describeOne(url, "maria-one"))?.TagList).toEqual([{ Key: "env", Value: "dev" }])
    await expect(
      client.send(
        new ListTagsForResourceCommand({ ResourceName: "arn:aws:rds:us-east-1:999999999999:db:nope" }),
      ),
    ).rejects.toMatchObject({ name: "DBInstanceNotFoundFault" })
    await expect(
      client.send(
        new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "aws:reserved", Value: "x" }] }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" })
  })

  it("keeps each region and account apart", async () => {
    const { url } = await sandbox
    await rdsClient(url, undefined, "eu-west-1").send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "orders-db",
        DBInstanceClass: "db.t3.micro",
        Engine: "mysql",
      }),
    )
    const eu = await rdsClient(url, undefined, "eu-west-1").send(new DescribeDBInstancesCommand({}))
    expect(eu.DBInstances?.map((i) => [i.DBInstanceIdentifier, i.Engine, i.DBInstanceArn])).toEqual([
      ["orders-db", "mysql", "arn:aws:rds:eu-west-1:999999999999:db:orders-db"],
    ])
    const dev = await rdsClient(url, { accessKeyId: "dev", secretAccessKey: "dev-secret" }).send(
      new DescribeDBInstancesCommand({}),
    )
    expect(dev.DBInstances).toEqual([])
  })
})
