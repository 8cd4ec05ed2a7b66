import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  paginateListKeys,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
} from "@aws-sdk/client-kms"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, kmsService] })

const kms = async (region = "us-east-1") =>
  new KMSClient(clientConfig((await sandbox).url, undefined, region))

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe("KMS keys through the SDK v3 client", () => {
  it("creates a symmetric key with KMS's KeyMetadata", async () => {
    const client = await kms()
    const created = await client.send(
      new CreateKeyCommand({ Description: "app data", Tags: [{ TagKey: "team", TagValue: "data" }] }),
    )
    const metadata = created.KeyMetadata
    expect(metadata?.KeyId).toMatch(uuid)
    expect(metadata).toMatchObject({
      AWSAccountId: "999999999999",
      Arn: `arn:aws:kms:us-east-1:999999999999:key/${metadata?.KeyId}`,
      Enabled: true,
      Description: "app data",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: "Enabled",
      Origin: "AWS_KMS",
      KeyManager: "CUSTOMER",
      KeySpec: "SYMMETRIC_DEFAULT",
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false,
    })
    expect(metadata?.CreationDate).toBeInstanceOf(Date)
    const tags = await client.send(new ListResourceTagsCommand({ KeyId: metadata?.KeyId }))
    expect(tags).toMatchObject({ Tags: [{ TagKey: "team", TagValue: "data" }], Truncated: false })
  })

  it("describes a key by id, key ARN, alias name and alias ARN", async () => {
    const client = await kms()
    const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata
    await client.send(new CreateAliasCommand({ AliasName: "alias/by-name", TargetKeyId: key?.KeyId }))
    for (const reference of [
      key?.KeyId,
      key?.Arn,
      "alias/by-name",
      "arn:aws:kms:us-east-1:999999999999:alias/by-name",
    ]) {
      const described = await client.send(new DescribeKeyCommand({ KeyId: reference }))
      expect(described.KeyMetadata?.KeyId).toBe(key?.KeyId)
    }
  })

  it("creates AWS managed keys on demand behind alias/aws/rds and alias/aws/backup", async () => {
    const client = await kms()
    const rds = await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/rds" }))
    expect(rds.KeyMetadata).toMatchObject({
      KeyManager: "AWS",
      KeyState: "Enabled",
      KeySpec: "SYMMETRIC_DEFAULT",
    })
    const again = await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/rds" }))
    expect(again.KeyMetadata?.KeyId).toBe(rds.KeyMetadata?.KeyId)
    const backup = await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/backup" }))
    expect(backup.KeyMetadata?.KeyId).not.toBe(rds.KeyMetadata?.KeyId)
    const rotation = await client.send(new GetKeyRotationStatusCommand({ KeyId: rds.KeyMetadata?.KeyId }))
    expect(rotation).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 })
    // Nobody may disable or delete an AWS managed key: its key policy does not allow it.
    await expect(client.send(new DisableKeyCommand({ KeyId: rds.KeyMetadata?.KeyId }))).rejects.toMatchObject(
      {
        name: "AccessDeniedException",
        message: expect.stringContaining("because no resource-based policy allows the kms:DisableKey action"),
      },
    )
    await expect(
      client.send(new ScheduleKeyDeletionCommand({ KeyId: rds.KeyMetadata?.KeyId })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" })
    await expect(client.send(new DescribeKeyCommand({ KeyId: "alias/aws/nothing" }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
  })

  it("keeps keys regional", async () => {
    const key = (await (await kms()).send(new CreateKeyCommand({}))).KeyMetadata
    const europe = await kms("eu-west-1")
    await expect(europe.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: `Key 'arn:aws:kms:eu-west-1:999999999999:key/${key?.KeyId}' does not exist`,
    })
    await expect(europe.send(new DescribeKeyCommand({ KeyId: key?.Arn }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
  })

  it("answers KMS's errors for unknown and malformed references", async () => {
    const client = await kms()
    await expect(
      client.send(new DescribeKeyCommand({ KeyId: "00000000-0000-0000-0000-000000000000" })),
    ).rejects.toMatchObject({
      name: "NotFoundException",
      message:
        "Key 'arn:aws:kms:us-east-1:999999999999:key/00000000-0000-0000-0000-000000000000' does not exist",
      $metadata: { httpStatusCode: 400 },
    })
    await expect(client.send(new DescribeKeyCommand({ KeyId: "alias/missing" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Alias arn:aws:kms:us-east-1:999999999999:alias/missing is not found.",
    })
    await expect(
      client.send(new DescribeKeyCommand({ KeyId: "arn:aws:kms:nonsense" })),
    ).rejects.toMatchObject({
      name: "InvalidArnException",
    })
    await expect(client.send(new DescribeKeyCommand({ KeyId: undefined }))).rejects.toMatchObject({
      name: "ValidationException",
    })
    await expect(
      client.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "ENCRYPT_DECRYPT" })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(client.send(new CreateKeyCommand({ Origin: "EXTERNAL" }))).rejects.toMatchObject({
      name: "UnsupportedOperationException",
    })
  })

  it("creates asymmetric, HMAC and multi-Region keys with their algorithms", async () => {
    const client = await kms()
    const rsa = await client.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" }))
    expect(rsa.KeyMetadata?.SigningAlgorithms).toContain("RSASSA_PSS_SHA_256")
    const hmac = await client.send(
      new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }),
    )
    expect(hmac.KeyMetadata?.MacAlgorithms).toEqual(["HMAC_SHA_256"])
    await expect(
      client.send(new EnableKeyRotationCommand({ KeyId: hmac.KeyMetadata?.KeyId })),
    ).rejects.toMatchObject({ name: "UnsupportedOperationException" })
    const multi = await client.send(new CreateKeyCommand({ MultiRegion: true }))
    expect(multi.KeyMetadata?.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/)
    expect(multi.KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe("PRIMARY")
  })

  it("pages ListKeys with Limit, Marker and Truncated", async () => {
    const client = await kms("eu-west-1")
    for (let i = 0; i < 5; i++) await client.send(new CreateKeyCommand({ Description: `page ${i}` }))
    const first = await client.send(new ListKeysCommand({ Limit: 2 }))
    expect(first.Keys).toHaveLength(2)
    expect(first.Truncated).toBe(true)
    expect(first.NextMarker).toBeDefined()
    const ids: string[] = []
    for await (const page of paginateListKeys({ client, pageSize: 2 }, {}))
      ids.push(...(page.Keys ?? []).map((k) => k.KeyId as string))
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
    await expect(client.send(new ListKeysCommand({ Marker: "forged" }))).rejects.toMatchObject({
      name: "InvalidMarkerException",
    })
    await expect(client.send(new ListKeysCommand({ Limit: 0 }))).rejects.toMatchObject({
      name: "ValidationException",
    })
  })

  it("disables, enables, describes and tags keys", async () => {
    const client = await kms()
    const id = (await client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId
    await client.send(new DisableKeyCommand({ KeyId: id }))
    expect((await client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({
      KeyState: "Disabled",
      Enabled: false,
    })
    await expect(client.send(new EnableKeyRotationCommand({ KeyId: id }))).rejects.toMatchObject({
      name: "DisabledException",
    })
    await client.send(new EnableKeyCommand({ KeyId: id }))
    await client.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: "renamed" }))
    expect((await client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({
      KeyState: "Enabled",
      Description: "renamed",
    })
    await client.send(
      new TagResourceCommand({
        KeyId: id,
        Tags: [
          { TagKey: "a", TagValue: "1" },
          { TagKey: "b", TagValue: "2" },
        ],
      }),
    )
    await client.send(new UntagResourceCommand({ KeyId: id, TagKeys: ["a"] }))
    expect((await client.send(new ListResourceTagsCommand({ KeyId: id }))).Tags).toEqual([
      { TagKey: "b", TagValue: "2" },
    ])
    await expect(
      client.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: "aws:x", TagValue: "1" }] })),
    ).rejects.toMatchObject({ name: "TagException" })
  })

  it("rotates symmetric keys on a period derived from the simulated clock", async () => {
    const { parts } = await sandbox
    const client = await kms()
    const id = (await client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId
    expect(await client.send(new GetKeyRotationStatusCommand({ KeyId: id }))).toMatchObject({
      KeyRotationEnabled: false,
    })
    await client.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }))
    const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: id }))
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 })
    const next = status.NextRotationDate?.getTime() ?? 0
    expect(next - parts.clock.now()).toBeGreaterThan(89 * 86_400_000)
    await expect(
      client.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 30 })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await client.send(new DisableKeyRotationCommand({ KeyId: id }))
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled).toBe(false)
  })

  it("schedules deletion (7..30 days), refuses use meanwhile, cancels to Disabled, and deletes when due", async () => {
    const { parts } = await sandbox
    const client = await kms()
    const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata
    await client.send(new CreateAliasCommand({ AliasName: "alias/doomed", TargetKeyId: key?.KeyId }))
    await expect(
      client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 6 })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("greater than or equal to 7"),
    })
    const scheduled = await client.send(
      new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 7 }),
    )
    expect(scheduled).toMatchObject({ KeyId: key?.Arn, KeyState: "PendingDeletion", PendingWindowInDays: 7 })
    expect(scheduled.DeletionDate).toBeInstanceOf(Date)
    const pending = (await client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).KeyMetadata
    expect(pending).toMatchObject({ KeyState: "PendingDeletion", Enabled: false })
    expect(pending?.DeletionDate?.getTime()).toBe(scheduled.DeletionDate?.getTime())
    await expect(client.send(new EnableKeyCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "KMSInvalidStateException",
      message: `${key?.Arn} is pending deletion.`,
    })
    await expect(client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "KMSInvalidStateException",
    })
    await client.send(new CancelKeyDeletionCommand({ KeyId: key?.KeyId }))
    expect((await client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).KeyMetadata?.KeyState).toBe(
      "Disabled",
    )
    await expect(client.send(new CancelKeyDeletionCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "KMSInvalidStateException",
    })

    await client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 7 }))
    parts.clock.advance(7 * 86_400_000 + 1000)
    await expect(client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
    await expect(client.send(new DescribeKeyCommand({ KeyId: "alias/doomed" }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
    const listed = await client.send(new ListKeysCommand({ Limit: 1000 }))
    expect(listed.Keys?.map((k) => k.KeyId)).not.toContain(key?.KeyId)
  })
})
