import { describe, expect, it } from "vitest"
import { awsCli } from "../../aws-cli.test-support.ts"
import { useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, kmsService] })

describe("KMS through the AWS CLI", { timeout: 60_000 }, () => {
  it("creates a key and an alias, describes it by alias and lists aliases across pages", async () => {
    const { url } = await sandbox
    const created = await awsCli(url, [
      "kms",
      "create-key",
      "--description",
      "cli key",
      "--tags",
      "TagKey=a,TagValue=b",
    ])
    expect(created.stderr).toBe("")
    expect(created.code).toBe(0)
    const keyId = (created.json as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
    expect(created.json).toMatchObject({ KeyMetadata: { Description: "cli key", KeyState: "Enabled" } })
    const alias = await awsCli(url, [
      "kms",
      "create-alias",
      "--alias-name",
      "alias/cli",
      "--target-key-id",
      keyId,
    ])
    expect(alias.code).toBe(0)
    const described = await awsCli(url, ["kms", "describe-key", "--key-id", "alias/cli"])
    expect(described.json).toMatchObject({
      KeyMetadata: {
        KeyId: keyId,
        Arn: `arn:aws:kms:us-east-1:999999999999:key/${keyId}`,
        KeyManager: "CUSTOMER",
      },
    })
    // The CLI follows NextMarker itself.
    const listed = await awsCli(url, ["kms", "list-aliases", "--page-size", "2"])
    const names = (listed.json as { Aliases: Array<{ AliasName: string }> }).Aliases.map((a) => a.AliasName)
    expect(names).toEqual(expect.arrayContaining(["alias/cli", "alias/aws/rds"]))
    const scheduled = await awsCli(url, [
      "kms",
      "schedule-key-deletion",
      "--key-id",
      keyId,
      "--pending-window-in-days",
      "7",
    ])
    expect(scheduled.json).toMatchObject({ KeyState: "PendingDeletion", PendingWindowInDays: 7 })
  })

  it("reports KMS's errors with their codes", async () => {
    const { url } = await sandbox
    const missing = await awsCli(url, ["kms", "describe-key", "--key-id", "alias/nothing"])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("(NotFoundException)")
    expect(missing.stderr).toContain("Alias arn:aws:kms:us-east-1:999999999999:alias/nothing is not found.")
  })
})
