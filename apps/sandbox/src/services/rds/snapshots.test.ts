import {
  CopyDBSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBSnapshotAttributeCommand,
  paginateDescribeDBSnapshots,
  RestoreDBInstanceFromDBSnapshotCommand,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { devKey, minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"

const key = "arn:aws:kms:us-east-1:999999999999:key/0b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
const devKeyArn = "arn:aws:kms:us-east-1:222222222222:key/11111111-2222-4333-8444-555555555555"

/** The customer managed keys the tests encrypt with: one in the management account, one in Dev One. */
const sandbox = useRdsSandbox({
  resources: {
    kms: {
      keys: [
        {
          account: "999999999999",
          region: "us-east-1",
          id: "0b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
          description: "Management databases",
        },
        {
          account: "222222222222",
          region: "us-east-1",
          id: "11111111-2222-4333-8444-555555555555",
          description: "Dev One databases",
        },
      ],
    },
  },
})

describe("RDS DB snapshots through the SDK v3 client", () => {
  it("encrypts an unencrypted instance the only way AWS allows: snapshot, encrypted copy, restore (seed 002)", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "legacy-db",
        DBInstanceClass: "db.m5.large",
        Engine: "mysql",
        AllocatedStorage: 100,
        BackupRetentionPeriod: 7,
        Tags: [{ Key: "app", Value: "legacy" }],
      }),
    )
    await expect(
      client.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: "legacy-db", DBSnapshotIdentifier: "too-early" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBInstanceStateFault" })
    parts.clock.advance(minutes(5))

    const snapshot = await client.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: "legacy-db",
        DBSnapshotIdentifier: "legacy-plain",
      }),
    )
    expect(snapshot.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: "legacy-plain",
      DBInstanceIdentifier: "legacy-db",
      Status: "creating",
      SnapshotType: "manual",
      Encrypted: false,
      Engine: "mysql",
      AllocatedStorage: 100,
      DBSnapshotArn: "arn:aws:rds:us-east-1:999999999999:snapshot:legacy-plain",
    })
    await expect(
      client.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: "legacy-plain",
          TargetDBSnapshotIdentifier: "legacy-encrypted",
          KmsKeyId: key,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBSnapshotStateFault" })
    parts.clock.advance(minutes(2))

    const copy = await client.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "arn:aws:rds:us-east-1:999999999999:snapshot:legacy-plain",
        TargetDBSnapshotIdentifier: "legacy-encrypted",
        KmsKeyId: key,
      }),
    )
    expect(copy.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: "legacy-encrypted",
      Encrypted: true,
      KmsKeyId: key,
      Status: "creating",
      SourceDBSnapshotIdentifier: "arn:aws:rds:us-east-1:999999999999:snapshot:legacy-plain",
    })
    await expect(
      client.send(
        new RestoreDBInstanceFromDBSnapshotCommand({
          DBInstanceIdentifier: "legacy-db-encrypted",
          DBSnapshotIdentifier: "legacy-encrypted",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBSnapshotStateFault" })
    parts.clock.advance(minutes(2))

    await expect(
      client.send(
        new RestoreDBInstanceFromDBSnapshotCommand({
          DBInstanceIdentifier: "legacy-db",
          DBSnapshotIdentifier: "legacy-encrypted",
        }),
      ),
    ).rejects.toMatchObject({ name: "DBInstanceAlreadyExistsFault" })
    const restored = await client.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: "legacy-db-encrypted",
        DBSnapshotIdentifier: "legacy-encrypted",
        DeletionProtection: true,
      }),
    )
    expect(restored.DBInstance).toMatchObject({
      DBInstanceIdentifier: "legacy-db-encrypted",
      DBInstanceStatus: "creating",
      Engine: "mysql",
      DBInstanceClass: "db.m5.large",
      AllocatedStorage: 100,
      StorageEncrypted: true,
      KmsKeyId: key,
      DeletionProtection: true,
    })
    parts.clock.advance(minutes(5))
    const both = await client.send(
      new DescribeDBInstancesCommand({
        Filters: [{ Name: "db-instance-id", Values: ["legacy-db", "legacy-db-encrypted"] }],
      }),
    )
    expect(
      both.DBInstances?.map((i) => [i.DBInstanceIdentifier, i.DBInstanceStatus, i.StorageEncrypted]),
    ).toEqual([
      ["legacy-db", "available", false],
      ["legacy-db-encrypted", "available", true],
    ])
    // The new instance has its own endpoint: cutover is the caller's job.
    expect(both.DBInstances?.[0]?.Endpoint?.Address).not.toBe(both.DBInstances?.[1]?.Endpoint?.Address)

    // An encrypted snapshot copies encrypted, under its key when no other is given.
    const again = await client.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "legacy-encrypted",
        TargetDBSnapshotIdentifier: "again",
      }),
    )
    expect(again.DBSnapshot).toMatchObject({ Encrypted: true, KmsKeyId: key })
    // An unencrypted snapshot restores unencrypted.
    const plain = await client.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: "plain-restore",
        DBSnapshotIdentifier: "legacy-plain",
      }),
    )
    expect(plain.DBInstance?.StorageEncrypted).toBe(false)
    expect(plain.DBInstance?.KmsKeyId).toBeUndefined()
  })

  it("shares snapshots through the restore attribute, and never makes an encrypted one public", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "share-src",
        DBInstanceClass: "db.t3.micro",
        Engine: "postgres",
      }),
    )
    parts.clock.advance(minutes(5))
    await client.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: "share-src", DBSnapshotIdentifier: "share-me" }),
    )
    await expect(
      client.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "share-me",
          AttributeName: "restore",
          ValuesToAdd: ["all"],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidDBSnapshotStateFault" })
    parts.clock.advance(minutes(2))
    const shared = await client.send(
      new ModifyDBSnapshotAttributeCommand({
        DBSnapshotIdentifier: "share-me",
        AttributeName: "restore",
        ValuesToAdd: ["all", "222222222222"],
      }),
    )
    expect(shared.DBSnapshotAttributesResult).toEqual({
      DBSnapshotIdentifier: "share-me",
      DBSnapshotAttributes: [{ AttributeName: "restore", AttributeValues: ["all", "222222222222"] }],
    })
    await client.send(
      new ModifyDBSnapshotAttributeCommand({
        DBSnapshotIdentifier: "share-me",
        AttributeName: "restore",
        ValuesToRemove: ["all"],
      }),
    )
    const attributes = await client.send(
      new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: "share-me" }),
    )
    expect(attributes.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([
      "222222222222",
    ])
    await expect(
      client.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "share-me",
          AttributeName: "copy",
          ValuesToAdd: ["all"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("AttributeName"),
    })
    await expect(
      client.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "share-me",
          AttributeName: "restore",
          ValuesToAdd: ["12"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("ValuesToAdd"),
    })

    // The other account sees the shared snapshot by its ARN and copies it, with its own key, into its account.
    const dev = rdsClient(url, devKey)
    const seen = await dev.send(new DescribeDBSnapshotsCommand({ SnapshotType: "shared" }))
    expect(seen.DBSnapshots?.map((s) => [s.DBSnapshotIdentifier, s.SnapshotType])).toEqual([
      ["arn:aws:rds:us-east-1:999999999999:snapshot:share-me", "shared"],
    ])
    const copied = await dev.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "arn:aws:rds:us-east-1:999999999999:snapshot:share-me",
        TargetDBSnapshotIdentifier: "from-management",
        KmsKeyId: devKeyArn,
      }),
    )
    expect(copied.DBSnapshot).toMatchObject({
      DBSnapshotArn: "arn:aws:rds:us-east-1:222222222222:snapshot:from-management",
      Encrypted: true,
      KmsKeyId: devKeyArn,
    })
    await expect(
      dev.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: "arn:aws:rds:us-east-1:999999999999:snapshot:legacy-plain",
          TargetDBSnapshotIdentifier: "not-shared",
        }),
      ),
    ).rejects.toMatchObject({ name: "DBSnapshotNotFoundFault" })

    // Encrypted snapshots cannot be public; with the AWS managed key they cannot be shared at all.
    await client.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "share-me",
        TargetDBSnapshotIdentifier: "share-enc",
        KmsKeyId: key,
      }),
    )
    await client.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "share-me",
        TargetDBSnapshotIdentifier: "share-managed",
        KmsKeyId: "alias/aws/rds",
      }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      client.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "share-enc",
          AttributeName: "restore",
          ValuesToAdd: ["all"],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue", message: expect.stringContaining("publicly") })
    await expect(
      client.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "share-managed",
          AttributeName: "restore",
          ValuesToAdd: ["222222222222"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("AWS managed"),
    })
  })

  it("describes, pages and deletes snapshots, with RDS's errors", async () => {
    const { url, parts } = await sandbox
    const client = rdsClient(url)
    await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "many-snaps",
        DBInstanceClass: "db.t3.micro",
        Engine: "mariadb",
      }),
    )
    parts.clock.advance(minutes(5))
    for (let i = 0; i < 23; i++)
      await client.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: "many-snaps",
          DBSnapshotIdentifier: `many-${String(i).padStart(2, "0")}`,
        }),
      )
    const first = await client.send(
      new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: "many-snaps", MaxRecords: 20 }),
    )
    expect(first.DBSnapshots).toHaveLength(20)
    expect(first.Marker).toBeDefined()
    const second = await client.send(
      new DescribeDBSnapshotsCommand({
        DBInstanceIdentifier: "many-snaps",
        MaxRecords: 20,
        Marker: first.Marker,
      }),
    )
    expect(second.DBSnapshots?.map((s) => s.DBSnapshotIdentifier)).toEqual(["many-20", "many-21", "many-22"])
    expect(second.Marker).toBeUndefined()
    const all: string[] = []
    for await (const page of paginateDescribeDBSnapshots(
      { client, pageSize: 20 },
      { Filters: [{ Name: "engine", Values: ["mariadb"] }] },
    ))
      all.push(...(page.DBSnapshots ?? []).map((s) => s.DBSnapshotIdentifier as string))
    expect(all).toHaveLength(23)
    await expect(
      client.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: "many-00" })),
    ).rejects.toMatchObject({ name: "InvalidDBSnapshotStateFault" })
    parts.clock.advance(minutes(2))
    const deleted = await client.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: "many-00" }))
    expect(deleted.DBSnapshot?.Status).toBe("deleted")
    await expect(
      client.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "many-00" })),
    ).rejects.toMatchObject({ name: "DBSnapshotNotFoundFault", $metadata: { httpStatusCode: 404 } })
    await expect(
      client.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: "many-snaps", DBSnapshotIdentifier: "many-01" }),
      ),
    ).rejects.toMatchObject({ name: "DBSnapshotAlreadyExistsFault" })
    await expect(client.send(new DescribeDBSnapshotsCommand({ MaxRecords: 5 }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("MaxRecords"),
    })
    await expect(client.send(new DescribeDBSnapshotsCommand({ Marker: "forged" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
    })
    await expect(
      client.send(new DescribeDBSnapshotsCommand({ SnapshotType: "weekly" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("SnapshotType"),
    })
  })
})
