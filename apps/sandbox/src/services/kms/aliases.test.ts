import {
  type AliasListEntry,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  KMSClient,
  ListAliasesCommand,
  paginateListAliases,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-kms"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, kmsService] })

const kms = async () => new KMSClient(clientConfig((await sandbox).url))
const newKey = async (client: KMSClient) => (await client.send(new CreateKeyCommand({}))).KeyMetadata

describe("KMS aliases", () => {
  it("creates, moves and deletes aliases", async () => {
    const client = await kms()
    const first = await newKey(client)
    const second = await newKey(client)
    await client.send(new CreateAliasCommand({ AliasName: "alias/app", TargetKeyId: first?.Arn }))
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "alias/app", TargetKeyId: second?.KeyId })),
    ).rejects.toMatchObject({
      name: "AlreadyExistsException",
      message: "An alias with the name arn:aws:kms:us-east-1:999999999999:alias/app already exists",
    })
    await client.send(new UpdateAliasCommand({ AliasName: "alias/app", TargetKeyId: second?.KeyId }))
    expect((await client.send(new DescribeKeyCommand({ KeyId: "alias/app" }))).KeyMetadata?.KeyId).toBe(
      second?.KeyId,
    )
    const forKey = await client.send(new ListAliasesCommand({ KeyId: second?.KeyId }))
    expect(forKey.Aliases).toEqual([
      expect.objectContaining({
        AliasName: "alias/app",
        AliasArn: "arn:aws:kms:us-east-1:999999999999:alias/app",
        TargetKeyId: second?.KeyId,
      }),
    ])
    expect(forKey.Aliases?.[0]?.CreationDate).toBeInstanceOf(Date)
    await client.send(new DeleteAliasCommand({ AliasName: "alias/app" }))
    await expect(client.send(new DeleteAliasCommand({ AliasName: "alias/app" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Alias arn:aws:kms:us-east-1:999999999999:alias/app is not found.",
    })
  })

  it("refuses bad names, AWS's prefix, aliases as targets and keys pending deletion", async () => {
    const client = await kms()
    const key = await newKey(client)
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "no-prefix", TargetKeyId: key?.KeyId })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "alias/bad name", TargetKeyId: key?.KeyId })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "alias/aws/mine", TargetKeyId: key?.KeyId })),
    ).rejects.toMatchObject({ name: "InvalidAliasNameException" })
    await client.send(new CreateAliasCommand({ AliasName: "alias/first", TargetKeyId: key?.KeyId }))
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "alias/second", TargetKeyId: "alias/first" })),
    ).rejects.toMatchObject({ name: "NotFoundException" })
    await client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId }))
    await expect(
      client.send(new CreateAliasCommand({ AliasName: "alias/late", TargetKeyId: key?.KeyId })),
    ).rejects.toMatchObject({ name: "KMSInvalidStateException" })
  })

  it("lists custom and AWS predefined aliases in pages", async () => {
    const client = await kms()
    const key = await newKey(client)
    for (let i = 0; i < 3; i++)
      await client.send(new CreateAliasCommand({ AliasName: `alias/paged-${i}`, TargetKeyId: key?.KeyId }))
    const first = await client.send(new ListAliasesCommand({ Limit: 2 }))
    expect(first).toMatchObject({ Truncated: true })
    expect(first.Aliases).toHaveLength(2)
    const all: AliasListEntry[] = []
    for await (const page of paginateListAliases({ client, pageSize: 4 }, {}))
      all.push(...(page.Aliases ?? []))
    const names = all.map((a) => a.AliasName)
    expect(names).toEqual(
      expect.arrayContaining(["alias/paged-0", "alias/paged-2", "alias/aws/rds", "alias/aws/backup"]),
    )
    // AWS's aliases have no target until their service first uses the key.
    expect(all.find((a) => a.AliasName === "alias/aws/ebs")?.TargetKeyId).toBeUndefined()
    await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/ebs" }))
    const after = await client.send(new ListAliasesCommand({ Limit: 100 }))
    expect(after.Aliases?.find((a) => a.AliasName === "alias/aws/ebs")?.TargetKeyId).toBeDefined()
  })
})
