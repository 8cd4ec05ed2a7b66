import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  CreateBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupVaultCommand,
  ListRecoveryPointsByBackupVaultCommand,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
} from "@aws-sdk/client-backup"
import { describe, expect, it } from "vitest"
import { testScenario } from "../../fixtures.test-support.ts"
import { startSandbox } from "../../sandbox.ts"
import {
  backupClient,
  backupRole,
  dayMs,
  dbArn,
  servicesWithBackup as services,
} from "./fixtures.test-support.ts"

describe("Backup state across a restart", () => {
  it("keeps vaults, locks and recovery points, and the lock's countdown goes on", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-backup-restart-"))
    const first = await startSandbox({ scenario: testScenario, port: 0, stateDir, services })
    const vault = { BackupVaultName: "durable" }
    let lockDate: Date | undefined
    try {
      const client = backupClient(first.url)
      await client.send(new CreateBackupVaultCommand(vault))
      await client.send(
        new PutBackupVaultLockConfigurationCommand({ ...vault, MinRetentionDays: 7, ChangeableForDays: 3 }),
      )
      await client.send(
        new StartBackupJobCommand({
          ...vault,
          ResourceArn: dbArn("orders"),
          IamRoleArn: backupRole,
          Lifecycle: { DeleteAfterDays: 30 },
        }),
      )
      lockDate = (await client.send(new DescribeBackupVaultCommand(vault))).LockDate
      // As POST /_sandbox/clock/advance does: the moved clock is saved with the state.
      first.parts.clock.advance(2 * dayMs)
      first.parts.store.touch("meta")
    } finally {
      await first.close()
    }

    const second = await startSandbox({ scenario: testScenario, port: 0, stateDir, services })
    try {
      expect(second.resumed).toBe(true)
      const client = backupClient(second.url)
      const described = await client.send(new DescribeBackupVaultCommand(vault))
      expect(described).toMatchObject({ Locked: true, MinRetentionDays: 7, NumberOfRecoveryPoints: 1 })
      expect(described.LockDate).toEqual(lockDate)
      const points = await client.send(new ListRecoveryPointsByBackupVaultCommand(vault))
      expect(points.RecoveryPoints?.[0]).toMatchObject({
        Status: "COMPLETED",
        Lifecycle: { DeleteAfterDays: 30 },
      })
      // Two of the three days of grace passed before the restart; one more and the lock is for good.
      second.parts.clock.advance(dayMs + 60_000)
      await expect(client.send(new DeleteBackupVaultLockConfigurationCommand(vault))).rejects.toMatchObject({
        name: "InvalidRequestException",
      })
    } finally {
      await second.close()
    }
  })
})
