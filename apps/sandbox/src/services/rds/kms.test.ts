import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  KMSClient,
} from "@aws-sdk/client-kms"
import {
  CopyDBSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBSnapshotAttributeCommand,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { clientConfig } from "../../fixtures.test-support.ts"
import { adminKey, minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"

/* RDS resolving KmsKeyId through the sandbox's KMS: aliases become key ARNs, unusable keys are refused. */

const sandbox = useRdsSandbox()

const instance = (id: string, kmsKeyId?: string) =>
  new CreateDBInstanceCommand({
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    StorageEncrypted: true,
    ...(kmsKeyId !== undefined ? { KmsKeyId: kmsKeyId } : {}),
  })

describe("RDS encryption keys from the sandbox's KMS", () => {
  it("records the key ARN behind an alias, and KMS's AWS managed key for alias/aws/rds", async () => {
    const { url } = await sandbox
    const kms = new KMSClient(clientConfig(url, adminKey))
    const key = await kms.send(new CreateKeyCommand({ Description: "orders" }))
    await kms.send(new CreateAliasCommand({ AliasName: "alias/orders", TargetKeyId: key.KeyMetadata?.KeyId }))
    const rds = rdsClient(url)
    expect((await rds.send(instance("by-alias", "alias/orders"))).DBInstance?.KmsKeyId).toBe(
      key.KeyMetadata?.Arn,
    )
    const managed = (await rds.send(instance("managed"))).DBInstance?.KmsKeyId
    const described = await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/rds" }))
    expect(described.KeyMetadata).toMatchObject({ Arn: managed, KeyManager: "AWS" })
    expect((await rds.send(instance("managed-by-alias", "alias/aws/rds"))).DBInstance?.KmsKeyId).toBe(managed)
  })

  it("refuses a disabled key, and sharing a snapshot under the AWS managed key", async () => {
    const { url, parts } = await sandbox
    const kms = new KMSClient(clientConfig(url, adminKey))
    const key = await kms.send(new CreateKeyCommand({ Description: "retired" }))
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyMetadata?.KeyId }))
    const rds = rdsClient(url)
    await expect(rds.send(instance("disabled-key", key.KeyMetadata?.Arn))).rejects.toMatchObject({
      name: "KMSKeyNotAccessibleFault",
      message: expect.stringContaining("KmsKeyId"),
    })
    parts.clock.advance(minutes(5))
    await rds.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: "managed", DBSnapshotIdentifier: "managed-snap" }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "managed-snap",
          AttributeName: "restore",
          ValuesToAdd: ["222222222222"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("AWS managed"),
    })
    // Re-encrypting the copy with a customer managed key makes it shareable.
    await rds.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "managed-snap",
        TargetDBSnapshotIdentifier: "shareable",
        KmsKeyId: "alias/orders",
      }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      rds.send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: "shareable",
          AttributeName: "restore",
          ValuesToAdd: ["222222222222"],
        }),
      ),
    ).resolves.toBeDefined()
  })

  it("refuses a key KMS does not know with KMSKeyNotAccessibleFault naming the field, and creates nothing", async () => {
    const { url } = await sandbox
    const rds = rdsClient(url)
    // Well-formed, in the caller's account and region, but never created in KMS.
    const unknownArn = "arn:aws:kms:us-east-1:999999999999:key/0f0e0d0c-0b0a-4998-8776-655443322110"
    for (const [id, kmsKeyId] of [
      ["unknown-key-arn", unknownArn],
      ["unknown-key-id", "0f0e0d0c-0b0a-4998-8776-655443322110"],
      ["unknown-alias", "alias/never-created"],
      ["unknown-alias-arn", "arn:aws:kms:us-east-1:999999999999:alias/never-created"],
    ] as const) {
      await expect(rds.send(instance(id, kmsKeyId))).rejects.toMatchObject({
        name: "KMSKeyNotAccessibleFault",
        message: `The specified KMS key [${kmsKeyId}] in KmsKeyId does not exist, is not enabled or you do not have permissions to access it.`,
      })
      await expect(
        rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
      ).rejects.toMatchObject({ name: "DBInstanceNotFoundFault" })
    }
    // A snapshot copy names its key in the same field.
    await expect(
      rds.send(
        new CopyDBSnapshotCommand({
          SourceDBSnapshotIdentifier: "managed-snap",
          TargetDBSnapshotIdentifier: "unknown-key-copy",
          KmsKeyId: unknownArn,
        }),
      ),
    ).rejects.toMatchObject({
      name: "KMSKeyNotAccessibleFault",
      message: expect.stringContaining(`[${unknownArn}] in KmsKeyId`),
    })
    await expect(
      rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "unknown-key-copy" })),
    ).rejects.toMatchObject({ name: "DBSnapshotNotFoundFault" })
  })
})
