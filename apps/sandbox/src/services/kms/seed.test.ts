import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from "@aws-sdk/client-kms"
import { describe, expect, it } from "vitest"
import { clientConfig, testScenario, useSandbox } from "../../fixtures.test-support.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { SandboxStore } from "../../state/store.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"
import { resolveKey } from "./resolve-key.ts"
import { seedKms } from "./seed.ts"
import { keyState } from "./state.ts"

const fixedId = "0b7c1f3e-5d2a-4c8e-9f10-2a3b4c5d6e7f"

const sandbox = useSandbox({
  services: [...services, kmsService],
  scenario: {
    ...testScenario,
    resources: {
      kms: {
        keys: [
          {
            account: "222222222222",
            region: "us-east-1",
            id: fixedId,
            description: "Application data",
            aliases: ["alias/app-data"],
            rotation: true,
            tags: { team: "data" },
          },
          { account: ["222222222222", "333333333333"], aliases: ["alias/everywhere"] },
          {
            account: "333333333333",
            region: "us-east-1",
            aliases: ["alias/leaving"],
            pendingDeletionDays: 7,
          },
        ],
        awsManaged: [{ account: "333333333333", region: "eu-west-1", services: ["rds"] }],
      },
    },
  },
})

const dev = { accessKeyId: "dev", secretAccessKey: "dev-secret" }

describe("the KMS scenario seed", () => {
  it("creates the keys and aliases the scenario names", async () => {
    const { url } = await sandbox
    const client = new KMSClient(clientConfig(url, dev))
    const key = await client.send(new DescribeKeyCommand({ KeyId: "alias/app-data" }))
    expect(key.KeyMetadata).toMatchObject({
      KeyId: fixedId,
      Arn: `arn:aws:kms:us-east-1:222222222222:key/${fixedId}`,
      Description: "Application data",
      KeyState: "Enabled",
    })
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: fixedId }))).KeyRotationEnabled).toBe(
      true,
    )
    // A key without a region exists in every scenario region, each its own key.
    const europe = new KMSClient(clientConfig(url, dev, "eu-west-1"))
    const here = await client.send(new DescribeKeyCommand({ KeyId: "alias/everywhere" }))
    const there = await europe.send(new DescribeKeyCommand({ KeyId: "alias/everywhere" }))
    expect(there.KeyMetadata?.KeyId).not.toBe(here.KeyMetadata?.KeyId)
    expect((await client.send(new ListKeysCommand({}))).Keys).toHaveLength(2)
    const aliases = await client.send(new ListAliasesCommand({ KeyId: fixedId }))
    expect(aliases.Aliases?.map((a) => a.AliasName)).toEqual(["alias/app-data"])
  })

  it("resolves keys for other services by id, ARN, alias and alias ARN, honouring deletion dates", async () => {
    const { parts } = await sandbox
    const store = parts.store
    const now = parts.clock.now()
    const byAlias = resolveKey(store, "222222222222", "us-east-1", "alias/app-data", now)
    expect(byAlias?.keyId).toBe(fixedId)
    expect(resolveKey(store, "222222222222", "us-east-1", fixedId, now)?.keyId).toBe(fixedId)
    // An ARN points where it says, whichever account asks.
    expect(resolveKey(store, "111111111111", "eu-west-1", byAlias?.arn as string, now)?.keyId).toBe(fixedId)
    expect(
      resolveKey(store, "111111111111", "eu-west-1", "arn:aws:kms:us-east-1:222222222222:alias/app-data", now)
        ?.keyId,
    ).toBe(fixedId)
    expect(resolveKey(store, "222222222222", "eu-west-1", fixedId, now)).toBeUndefined()
    expect(resolveKey(store, "222222222222", "us-east-1", "arn:aws:kms:broken", now)).toBeUndefined()
    const seededManaged = resolveKey(store, "333333333333", "eu-west-1", "alias/aws/rds", now)
    expect(seededManaged?.keyManager).toBe("AWS")
    const onDemand = resolveKey(store, "333333333333", "us-east-1", "alias/aws/backup", now)
    expect(onDemand).toMatchObject({ keyManager: "AWS", region: "us-east-1" })
    expect(resolveKey(store, "333333333333", "us-east-1", "alias/aws/backup", now)?.keyId).toBe(
      onDemand?.keyId,
    )
    const leaving = resolveKey(store, "333333333333", "us-east-1", "alias/leaving", now)
    expect(leaving && keyState(leaving, now)).toBe("PendingDeletion")
    expect(
      resolveKey(store, "333333333333", "us-east-1", "alias/leaving", now + 8 * 86_400_000),
    ).toBeUndefined()
  })

  it("records keys as AWS Config configuration items", async () => {
    const { parts } = await sandbox
    const items =
      kmsService.configurationItems?.(parts.store, "222222222222", "us-east-1", parts.clock.now()) ?? []
    const item = items.find((i) => i.resourceId === fixedId)
    expect(item).toMatchObject({
      resourceType: "AWS::KMS::Key",
      arn: `arn:aws:kms:us-east-1:222222222222:key/${fixedId}`,
      accountId: "222222222222",
      awsRegion: "us-east-1",
      tags: { team: "data" },
      configuration: {
        keyId: fixedId,
        awsaccountId: "222222222222",
        keyState: "Enabled",
        keyManager: "CUSTOMER",
        keySpec: "SYMMETRIC_DEFAULT",
        description: "Application data",
      },
    })
    expect(typeof item?.configuration.creationDate).toBe("string")
  })

  it("refuses sections it cannot read, naming where", () => {
    const context = { store: new SandboxStore(), now: 0, partition: "aws", regions: ["us-east-1"] }
    const failure = (section: unknown) => {
      try {
        seedKms(section, context)
      } catch (error) {
        return error
      }
      return undefined
    }
    expect(failure({ keys: [{ account: "12" }] })).toMatchObject({
      constructor: ScenarioError,
      path: "resources.kms.keys[0].account",
    })
    expect(failure({ keys: [{ account: "222222222222", aliases: ["alias/aws/rds"] }] })).toMatchObject({
      path: "resources.kms.keys[0].aliases[0]",
    })
    expect(failure({ keys: [{ account: "222222222222", colour: "red" }] })).toMatchObject({
      path: "resources.kms.keys[0].colour",
    })
    expect(failure({ keys: [{ account: "222222222222", pendingDeletionDays: 3 }] })).toMatchObject({
      path: "resources.kms.keys[0].pendingDeletionDays",
    })
    expect(failure({ keys: [{ account: "222222222222", policy: { Statement: [] } }] })).toMatchObject({
      path: "resources.kms.keys[0].policy",
    })
    expect(failure({ awsManaged: [{ account: "222222222222", services: ["nothing"] }] })).toMatchObject({
      path: "resources.kms.awsManaged[0].services[0]",
    })
    expect(failure([])).toMatchObject({ path: "resources.kms" })
    expect(
      failure({
        keys: [
          { account: "222222222222", aliases: ["alias/x"] },
          { account: "222222222222", aliases: ["alias/x"] },
        ],
      }),
    ).toMatchObject({
      path: "resources.kms.keys[1].aliases",
    })
  })
})
