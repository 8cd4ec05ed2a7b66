import {
  CreateBackupVaultCommand,
  DeleteBackupVaultAccessPolicyCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultNotificationsCommand,
  DescribeBackupVaultCommand,
  GetBackupVaultAccessPolicyCommand,
  GetBackupVaultNotificationsCommand,
  ListBackupVaultsCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultNotificationsCommand,
  paginateListBackupVaults,
} from "@aws-sdk/client-backup"
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, KMSClient } from "@aws-sdk/client-kms"
import { describe, expect, it } from "vitest"
import { clientConfig } from "../../fixtures.test-support.ts"
import { account, backupClient, useBackupSandbox } from "./fixtures.test-support.ts"

const sandbox = useBackupSandbox()

const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

describe("Backup vaults through the SDK v3 client", () => {
  it("creates, describes and deletes a vault", async () => {
    const client = backupClient((await sandbox).url)
    const created = await client.send(
      new CreateBackupVaultCommand({
        BackupVaultName: "central",
        EncryptionKeyArn: keyArn,
        BackupVaultTags: { team: "platform" },
        CreatorRequestId: "req-1",
      }),
    )
    expect(created).toMatchObject({
      BackupVaultName: "central",
      BackupVaultArn: `arn:aws:backup:us-east-1:${account}:backup-vault:central`,
    })
    expect(created.CreationDate).toBeInstanceOf(Date)
    const described = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "central" }))
    expect(described).toMatchObject({
      BackupVaultName: "central",
      EncryptionKeyArn: keyArn,
      EncryptionKeyType: "CUSTOMER_MANAGED_KMS_KEY",
      CreatorRequestId: "req-1",
      NumberOfRecoveryPoints: 0,
      Locked: false,
      VaultType: "BACKUP_VAULT",
      VaultState: "AVAILABLE",
    })
    expect(described.LockDate).toBeUndefined()
    await client.send(new DeleteBackupVaultCommand({ BackupVaultName: "central" }))
    await expect(
      client.send(new DescribeBackupVaultCommand({ BackupVaultName: "central" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } })
  })

  it("uses the account's aws/backup key from KMS when no key is given", async () => {
    const { url } = await sandbox
    const client = backupClient(url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "default-key-1" }))
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "default-key-2" }))
    const first = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "default-key-1" }))
    const second = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "default-key-2" }))
    const managed = await new KMSClient(clientConfig(url)).send(
      new DescribeKeyCommand({ KeyId: "alias/aws/backup" }),
    )
    expect(managed.KeyMetadata?.KeyManager).toBe("AWS")
    expect(first.EncryptionKeyArn).toBe(managed.KeyMetadata?.Arn)
    expect(second.EncryptionKeyArn).toBe(first.EncryptionKeyArn)
    expect(first.EncryptionKeyType).toBeUndefined()
  })

  it("encrypts with a customer managed key only while KMS has it enabled", async () => {
    const { url } = await sandbox
    const client = backupClient(url)
    const kms = new KMSClient(clientConfig(url))
    const key = await kms.send(new CreateKeyCommand({ Description: "backups" }))
    const arn = key.KeyMetadata?.Arn
    await client.send(
      new CreateBackupVaultCommand({ BackupVaultName: "customer-key", EncryptionKeyArn: arn }),
    )
    expect(
      await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "customer-key" })),
    ).toMatchObject({
      EncryptionKeyArn: arn,
      EncryptionKeyType: "CUSTOMER_MANAGED_KMS_KEY",
    })
    await kms.send(new DisableKeyCommand({ KeyId: arn }))
    await expect(
      client.send(new CreateBackupVaultCommand({ BackupVaultName: "disabled-key", EncryptionKeyArn: arn })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "EncryptionKeyArn" })
  })

  it("refuses bad and duplicate vaults with Backup's errors", async () => {
    const client = backupClient((await sandbox).url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "taken", CreatorRequestId: "first" }))
    await expect(
      client.send(new CreateBackupVaultCommand({ BackupVaultName: "taken" })),
    ).rejects.toMatchObject({
      name: "AlreadyExistsException",
      Arn: `arn:aws:backup:us-east-1:${account}:backup-vault:taken`,
      CreatorRequestId: "first",
    })
    await expect(
      client.send(new CreateBackupVaultCommand({ BackupVaultName: "no spaces allowed" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining("BackupVaultName"),
    })
    await expect(
      client.send(
        new CreateBackupVaultCommand({ BackupVaultName: "aliased", EncryptionKeyArn: "alias/aws/backup" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "EncryptionKeyArn" })
    await expect(
      client.send(new DeleteBackupVaultCommand({ BackupVaultName: "nowhere" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    })
  })

  it("pages vaults with maxResults and nextToken", async () => {
    const client = backupClient((await sandbox).url, "eu-west-1")
    for (const name of ["page-a", "page-b", "page-c", "page-d", "page-e"])
      await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))
    const first = await client.send(new ListBackupVaultsCommand({ MaxResults: 2 }))
    expect(first.BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(["page-a", "page-b"])
    expect(first.NextToken).toBeDefined()
    const second = await client.send(
      new ListBackupVaultsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    )
    expect(second.BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(["page-c", "page-d"])
    const names: string[] = []
    for await (const page of paginateListBackupVaults({ client, pageSize: 2 }, {}))
      names.push(...(page.BackupVaultList ?? []).map((v) => v.BackupVaultName ?? ""))
    expect(names).toEqual(["page-a", "page-b", "page-c", "page-d", "page-e"])
    expect(
      (await client.send(new ListBackupVaultsCommand({ ByVaultType: "LOGICALLY_AIR_GAPPED_BACKUP_VAULT" })))
        .BackupVaultList,
    ).toEqual([])
    await expect(client.send(new ListBackupVaultsCommand({ MaxResults: 0 }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    })
    await expect(client.send(new ListBackupVaultsCommand({ NextToken: "forged" }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    })
  })

  it("keeps vaults per Region", async () => {
    const { url } = await sandbox
    await backupClient(url, "us-east-1").send(new CreateBackupVaultCommand({ BackupVaultName: "regional" }))
    await expect(
      backupClient(url, "eu-west-1").send(new DescribeBackupVaultCommand({ BackupVaultName: "regional" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("stores notifications and refuses unknown events", async () => {
    const client = backupClient((await sandbox).url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "notified" }))
    await expect(
      client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: "notified" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
    const topic = `arn:aws:sns:us-east-1:${account}:backup-events`
    await client.send(
      new PutBackupVaultNotificationsCommand({
        BackupVaultName: "notified",
        SNSTopicArn: topic,
        BackupVaultEvents: ["BACKUP_JOB_FAILED", "RECOVERY_POINT_MODIFIED"],
      }),
    )
    expect(
      await client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: "notified" })),
    ).toMatchObject({
      BackupVaultName: "notified",
      SNSTopicArn: topic,
      BackupVaultEvents: ["BACKUP_JOB_FAILED", "RECOVERY_POINT_MODIFIED"],
    })
    await expect(
      client.send(
        new PutBackupVaultNotificationsCommand({
          BackupVaultName: "notified",
          SNSTopicArn: topic,
          BackupVaultEvents: ["BACKUP_JOB_EXPLODED" as "BACKUP_JOB_FAILED"],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "BackupVaultEvents[0]" })
    await client.send(new DeleteBackupVaultNotificationsCommand({ BackupVaultName: "notified" }))
    await expect(
      client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: "notified" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("enforces the vault access policy's Deny, the account's own administrators included", async () => {
    const client = backupClient((await sandbox).url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "guarded" }))
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyDeletion",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: [
            "backup:DeleteBackupVault",
            "backup:DeleteRecoveryPoint",
            "backup:PutBackupVaultAccessPolicy",
          ],
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/rampart-pipeline" } },
        },
      ],
    })
    await client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "guarded", Policy: policy }))
    expect(
      (await client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "guarded" }))).Policy,
    ).toBe(policy)
    await expect(
      client.send(new DeleteBackupVaultCommand({ BackupVaultName: "guarded" })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining("explicit deny in a resource-based policy"),
    })
    // The policy also protects itself from being replaced, but not from being deleted (it does not say so).
    await expect(
      client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "guarded", Policy: policy })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" })
    await client.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: "guarded" }))
    await client.send(new DeleteBackupVaultCommand({ BackupVaultName: "guarded" }))
  })

  it("refuses access policies that are not policies", async () => {
    const client = backupClient((await sandbox).url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "bad-policy" }))
    await expect(
      client.send(
        new PutBackupVaultAccessPolicyCommand({ BackupVaultName: "bad-policy", Policy: "{not json" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "Policy" })
    await expect(
      client.send(
        new PutBackupVaultAccessPolicyCommand({
          BackupVaultName: "bad-policy",
          Policy: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "backup:*", Resource: "*" }] }),
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await expect(
      client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: "bad-policy" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("records calls in CloudTrail as backup.amazonaws.com", async () => {
    const { url, parts } = await sandbox
    await backupClient(url).send(new DescribeBackupVaultCommand({ BackupVaultName: "default-key-1" }))
    const events = parts.trail.events(account, "us-east-1")
    expect(events[0]).toMatchObject({
      eventSource: "backup.amazonaws.com",
      eventName: "DescribeBackupVault",
      readOnly: true,
    })
  })
})
