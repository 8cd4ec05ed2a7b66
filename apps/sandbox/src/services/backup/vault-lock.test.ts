import {
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
  UpdateRecoveryPointLifecycleCommand,
} from "@aws-sdk/client-backup"
import { describe, expect, it } from "vitest"
import { backupClient, backupRole, dayMs, dbArn, useBackupSandbox } from "./fixtures.test-support.ts"
import { backupJobDurationMs } from "./time-states.ts"

const sandbox = useBackupSandbox()

describe("Backup Vault Lock on the simulated clock", () => {
  it("makes a compliance-mode lock immutable once its grace time is over", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const vault = { BackupVaultName: "compliance" }
    await client.send(new CreateBackupVaultCommand(vault))
    const lock = { ...vault, MinRetentionDays: 7, MaxRetentionDays: 30, ChangeableForDays: 3 }
    const putAt = parts.clock.now()
    await client.send(new PutBackupVaultLockConfigurationCommand(lock))
    const locked = await client.send(new DescribeBackupVaultCommand(vault))
    expect(locked).toMatchObject({ Locked: true, MinRetentionDays: 7, MaxRetentionDays: 30 })
    expect(Math.abs((locked.LockDate?.getTime() ?? 0) - (putAt + 3 * dayMs))).toBeLessThan(5_000)

    // Day 1, inside the grace time: the lock can still be removed, and put back.
    parts.clock.advance(dayMs)
    await client.send(new DeleteBackupVaultLockConfigurationCommand(vault))
    const unlocked = await client.send(new DescribeBackupVaultCommand(vault))
    expect(unlocked.Locked).toBe(false)
    expect(unlocked.LockDate).toBeUndefined()
    expect(unlocked.MinRetentionDays).toBeUndefined()
    await client.send(new PutBackupVaultLockConfigurationCommand(lock))

    // A backup kept 14 days is inside the lock's range; one kept 3 days fails, as AWS fails it.
    const kept = await client.send(
      new StartBackupJobCommand({
        ...vault,
        ResourceArn: dbArn("orders"),
        IamRoleArn: backupRole,
        Lifecycle: { DeleteAfterDays: 14 },
      }),
    )
    expect(kept.RecoveryPointArn).toBeDefined()
    const tooShort = await client.send(
      new StartBackupJobCommand({
        ...vault,
        ResourceArn: dbArn("orders"),
        IamRoleArn: backupRole,
        Lifecycle: { DeleteAfterDays: 3 },
      }),
    )
    expect(tooShort.RecoveryPointArn).toBeUndefined()
    expect(
      await client.send(new DescribeBackupJobCommand({ BackupJobId: tooShort.BackupJobId })),
    ).toMatchObject({
      State: "FAILED",
      StatusMessage: expect.stringContaining("MinRetentionDays of 7"),
    })

    // Past the lock date (day 1 + 3 days): nobody can remove or change the lock, delete the vault or the
    // recovery point still inside its minimum retention, or shorten that recovery point's retention.
    parts.clock.advance(3 * dayMs + backupJobDurationMs)
    const immutable = await client.send(new DescribeBackupVaultCommand(vault))
    expect(immutable.Locked).toBe(true)
    expect(immutable.LockDate?.getTime()).toBeLessThan(parts.clock.now())
    expect(immutable.NumberOfRecoveryPoints).toBe(1)
    await expect(client.send(new DeleteBackupVaultLockConfigurationCommand(vault))).rejects.toMatchObject({
      name: "InvalidRequestException",
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining("immutable"),
    })
    await expect(
      client.send(new PutBackupVaultLockConfigurationCommand({ ...vault, MinRetentionDays: 1 })),
    ).rejects.toMatchObject({ name: "InvalidRequestException" })
    await expect(client.send(new DeleteBackupVaultCommand(vault))).rejects.toMatchObject({
      name: "InvalidRequestException",
    })
    const point = { ...vault, RecoveryPointArn: kept.RecoveryPointArn }
    await expect(client.send(new DeleteRecoveryPointCommand(point))).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: expect.stringContaining("vault lock"),
    })
    await expect(
      client.send(new UpdateRecoveryPointLifecycleCommand({ ...point, Lifecycle: { DeleteAfterDays: 5 } })),
    ).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: expect.stringContaining("MinRetentionDays"),
    })
    const extended = await client.send(
      new UpdateRecoveryPointLifecycleCommand({ ...point, Lifecycle: { DeleteAfterDays: 21 } }),
    )
    expect(extended.Lifecycle).toEqual({ DeleteAfterDays: 21 })

    // When its retention ends the lifecycle deletes the recovery point; the locked vault still stays.
    parts.clock.advance(21 * dayMs)
    expect((await client.send(new DescribeBackupVaultCommand(vault))).NumberOfRecoveryPoints).toBe(0)
    await expect(client.send(new DeleteBackupVaultCommand(vault))).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: expect.stringContaining("compliance mode"),
    })
  })

  it("lets a governance-mode lock be removed at any time, and protects recovery points while it is on", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const vault = { BackupVaultName: "governance" }
    await client.send(new CreateBackupVaultCommand(vault))
    await client.send(new PutBackupVaultLockConfigurationCommand({ ...vault, MinRetentionDays: 1 }))
    const described = await client.send(new DescribeBackupVaultCommand(vault))
    expect(described).toMatchObject({ Locked: true, MinRetentionDays: 1 })
    expect(described.LockDate).toBeUndefined()
    const job = await client.send(
      new StartBackupJobCommand({ ...vault, ResourceArn: dbArn("ledger"), IamRoleArn: backupRole }),
    )
    parts.clock.advance(30 * dayMs)
    const point = { ...vault, RecoveryPointArn: job.RecoveryPointArn }
    // Kept until deleted, in a locked vault: the lock refuses its deletion.
    await expect(client.send(new DeleteRecoveryPointCommand(point))).rejects.toMatchObject({
      name: "InvalidRequestException",
    })
    await client.send(new DeleteBackupVaultLockConfigurationCommand(vault))
    await client.send(new DeleteRecoveryPointCommand(point))
    await client.send(new DeleteBackupVaultCommand(vault))
  })

  it("checks the lock's numbers as Backup does", async () => {
    const client = backupClient((await sandbox).url)
    const vault = { BackupVaultName: "numbers" }
    await client.send(new CreateBackupVaultCommand(vault))
    for (const [members, field] of [
      [{ ChangeableForDays: 2 }, "ChangeableForDays"],
      [{ MinRetentionDays: 0 }, "MinRetentionDays"],
      [{ MaxRetentionDays: 36_501 }, "MaxRetentionDays"],
      [{ MinRetentionDays: 30, MaxRetentionDays: 7 }, "MinRetentionDays"],
    ] as const) {
      await expect(
        client.send(new PutBackupVaultLockConfigurationCommand({ ...vault, ...members })),
      ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: field })
    }
    await expect(
      client.send(
        new PutBackupVaultLockConfigurationCommand({ BackupVaultName: "missing", MinRetentionDays: 7 }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
    await client.send(
      new PutBackupVaultLockConfigurationCommand({ ...vault, MinRetentionDays: 1, MaxRetentionDays: 36_500 }),
    )
    // A job kept until deleted breaks a MaxRetentionDays: it fails.
    const forever = await client.send(
      new StartBackupJobCommand({ ...vault, ResourceArn: dbArn("archive"), IamRoleArn: backupRole }),
    )
    expect(
      await client.send(new DescribeBackupJobCommand({ BackupJobId: forever.BackupJobId })),
    ).toMatchObject({
      State: "FAILED",
      StatusMessage: expect.stringContaining("MaxRetentionDays of 36500"),
    })
  })
})
