import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms"
import { describe, expect, it } from "vitest"
import { clientConfig, testScenario } from "../../fixtures.test-support.ts"
import { startSandbox } from "../../sandbox.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

describe("KMS state across a restart", () => {
  it("keeps keys, aliases and deletion dates", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-kms-restart-"))
    const options = { scenario: testScenario, port: 0, stateDir, services: [...services, kmsService] }
    const first = await startSandbox(options)
    const client = new KMSClient(clientConfig(first.url))
    const key = (await client.send(new CreateKeyCommand({ Description: "kept" }))).KeyMetadata
    await client.send(new CreateAliasCommand({ AliasName: "alias/kept", TargetKeyId: key?.KeyId }))
    const scheduled = await client.send(
      new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 30 }),
    )
    await first.close()

    const second = await startSandbox(options)
    try {
      expect(second.resumed).toBe(true)
      const again = new KMSClient(clientConfig(second.url))
      const described = await again.send(new DescribeKeyCommand({ KeyId: "alias/kept" }))
      expect(described.KeyMetadata).toMatchObject({
        KeyId: key?.KeyId,
        Description: "kept",
        KeyState: "PendingDeletion",
      })
      expect(described.KeyMetadata?.DeletionDate?.getTime()).toBe(scheduled.DeletionDate?.getTime())
    } finally {
      await second.close()
    }
  })
})
