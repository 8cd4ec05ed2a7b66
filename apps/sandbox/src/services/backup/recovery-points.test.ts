import {
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  ListRecoveryPointsByBackupVaultCommand,
  paginateListRecoveryPointsByBackupVault,
  StartBackupJobCommand,
  type StartBackupJobCommandInput,
  UpdateRecoveryPointLifecycleCommand,
} from "@aws-sdk/client-backup"
import { beforeAll, describe, expect, it } from "vitest"
import { account, backupClient, backupRole, dayMs, dbArn, useBackupSandbox } from "./fixtures.test-support.ts"
import { backupJobDurationMs } from "./time-states.ts"

const sandbox = useBackupSandbox()

const job = (vault: string, resourceArn: string, extra: Partial<StartBackupJobCommandInput> = {}) =>
  new StartBackupJobCommand({
    BackupVaultName: vault,
    ResourceArn: resourceArn,
    IamRoleArn: backupRole,
    ...extra,
  })

beforeAll(async () => {
  const client = backupClient((await sandbox).url)
  for (const name of ["jobs", "listing", "lifecycle"])
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))
})

describe("Backup jobs and recovery points through the SDK v3 client", () => {
  it("runs a backup job for a short simulated time, then completes it with its recovery point", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const started = await client.send(
      job("jobs", dbArn("orders"), {
        Lifecycle: { DeleteAfterDays: 35 },
        RecoveryPointTags: { app: "orders" },
      }),
    )
    expect(started.BackupJobId).toMatch(/^[0-9A-F-]{36}$/)
    expect(started.RecoveryPointArn).toMatch(
      new RegExp(`^arn:aws:backup:us-east-1:${account}:recovery-point:`),
    )
    const running = await client.send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId }))
    expect(running).toMatchObject({
      AccountId: account,
      State: "RUNNING",
      BackupVaultName: "jobs",
      ResourceArn: dbArn("orders"),
      ResourceType: "RDS",
      ResourceName: "orders",
      IamRoleArn: backupRole,
      RecoveryPointLifecycle: { DeleteAfterDays: 35 },
    })
    expect(running.CompletionDate).toBeUndefined()
    const point = { BackupVaultName: "jobs", RecoveryPointArn: started.RecoveryPointArn }
    expect((await client.send(new DescribeRecoveryPointCommand(point))).Status).toBe("CREATING")
    await expect(client.send(new DeleteRecoveryPointCommand(point))).rejects.toMatchObject({
      name: "InvalidResourceStateException",
    })

    parts.clock.advance(backupJobDurationMs)
    const done = await client.send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId }))
    expect(done).toMatchObject({ State: "COMPLETED", PercentDone: "100.0" })
    expect(done.CompletionDate).toBeInstanceOf(Date)
    const vault = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: "jobs" }))
    const described = await client.send(new DescribeRecoveryPointCommand(point))
    expect(described).toMatchObject({
      Status: "COMPLETED",
      BackupVaultName: "jobs",
      BackupVaultArn: vault.BackupVaultArn,
      ResourceType: "RDS",
      IsEncrypted: true,
      EncryptionKeyArn: vault.EncryptionKeyArn,
      StorageClass: "WARM",
      Lifecycle: { DeleteAfterDays: 35 },
    })
    expect(described.BackupSizeInBytes).toBeGreaterThan(0)
    expect(described.CalculatedLifecycle?.DeleteAt?.getTime()).toBe(
      (described.CreationDate?.getTime() ?? 0) + 35 * dayMs,
    )
    expect(vault.NumberOfRecoveryPoints).toBe(1)

    // A vault with recovery points cannot be deleted; once they are gone it can.
    await expect(
      client.send(new DeleteBackupVaultCommand({ BackupVaultName: "jobs" })),
    ).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: "Backup vault cannot be deleted because it contains recovery points.",
    })
    await client.send(new DeleteRecoveryPointCommand(point))
    await expect(client.send(new DescribeRecoveryPointCommand(point))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    })
    await client.send(new DeleteBackupVaultCommand({ BackupVaultName: "jobs" }))
  })

  it("returns the same job for a repeated idempotency token", async () => {
    const client = backupClient((await sandbox).url)
    const first = await client.send(job("listing", dbArn("ledger"), { IdempotencyToken: "token-1" }))
    const again = await client.send(job("listing", dbArn("ledger"), { IdempotencyToken: "token-1" }))
    expect(again.BackupJobId).toBe(first.BackupJobId)
    expect(again.RecoveryPointArn).toBe(first.RecoveryPointArn)
  })

  it("lists a vault's recovery points with filters and pages", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const cluster = `arn:aws:rds:us-east-1:${account}:cluster:analytics`
    await client.send(job("listing", cluster))
    const before = new Date(parts.clock.now())
    parts.clock.advance(1000)
    await client.send(job("listing", dbArn("ledger")))
    await client.send(job("listing", `arn:aws:dynamodb:us-east-1:${account}:table/sessions`))
    const all = await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "listing" }))
    expect(all.RecoveryPoints?.map((p) => p.ResourceType)).toEqual(["RDS", "Aurora", "RDS", "DynamoDB"])
    const ledger = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: "listing",
        ByResourceArn: dbArn("ledger"),
      }),
    )
    expect(ledger.RecoveryPoints).toHaveLength(2)
    const aurora = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "listing", ByResourceType: "Aurora" }),
    )
    expect(aurora.RecoveryPoints?.map((p) => p.ResourceArn)).toEqual([cluster])
    const later = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "listing", ByCreatedAfter: before }),
    )
    expect(later.RecoveryPoints?.map((p) => p.ResourceType)).toEqual(["RDS", "DynamoDB"])
    const first = await client.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "listing", MaxResults: 3 }),
    )
    expect(first.RecoveryPoints).toHaveLength(3)
    expect(first.NextToken).toBeDefined()
    const arns: string[] = []
    for await (const page of paginateListRecoveryPointsByBackupVault(
      { client, pageSize: 3 },
      { BackupVaultName: "listing" },
    ))
      arns.push(...(page.RecoveryPoints ?? []).map((p) => p.RecoveryPointArn ?? ""))
    expect(arns).toEqual(all.RecoveryPoints?.map((p) => p.RecoveryPointArn))
    await expect(
      client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "missing" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("changes lifecycles, moves recovery points to cold storage and lets the lifecycle delete them", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    const started = await client.send(job("lifecycle", dbArn("billing")))
    const point = { BackupVaultName: "lifecycle", RecoveryPointArn: started.RecoveryPointArn }
    const updated = await client.send(
      new UpdateRecoveryPointLifecycleCommand({
        ...point,
        Lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 91 },
      }),
    )
    expect(updated).toMatchObject({
      RecoveryPointArn: started.RecoveryPointArn,
      Lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 91 },
    })
    expect(updated.CalculatedLifecycle?.DeleteAt).toBeInstanceOf(Date)
    await expect(
      client.send(
        new UpdateRecoveryPointLifecycleCommand({
          ...point,
          Lifecycle: { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 20 },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "Lifecycle.DeleteAfterDays" })
    parts.clock.advance(2 * dayMs)
    expect((await client.send(new DescribeRecoveryPointCommand(point))).StorageClass).toBe("COLD")
    parts.clock.advance(90 * dayMs)
    await expect(client.send(new DescribeRecoveryPointCommand(point))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    })
    expect(
      (await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "lifecycle" })))
        .RecoveryPoints,
    ).toEqual([])
  })

  it("refuses jobs Backup would refuse", async () => {
    const client = backupClient((await sandbox).url)
    await expect(client.send(job("listing", `arn:aws:sqs:us-east-1:${account}:queue`))).rejects.toMatchObject(
      { name: "InvalidParameterValueException", Context: "ResourceArn" },
    )
    await expect(
      client.send(job("listing", dbArn("orders"), { IamRoleArn: "AWSBackupDefaultServiceRole" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "IamRoleArn" })
    await expect(client.send(job("missing", dbArn("orders")))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    })
    await expect(
      client.send(
        new StartBackupJobCommand({
          BackupVaultName: "listing",
          IamRoleArn: backupRole,
        } as StartBackupJobCommandInput),
      ),
    ).rejects.toMatchObject({ name: "MissingParameterValueException", Context: "ResourceArn" })
    await expect(
      client.send(job("listing", dbArn("orders"), { Lifecycle: { DeleteAfterDays: 0 } })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", Context: "Lifecycle.DeleteAfterDays" })
    await expect(client.send(new DescribeBackupJobCommand({ BackupJobId: "missing" }))).rejects.toMatchObject(
      {
        name: "ResourceNotFoundException",
      },
    )
    const started = await client.send(job("listing", dbArn("orders")))
    await expect(
      client.send(
        new DescribeRecoveryPointCommand({
          BackupVaultName: "lifecycle",
          RecoveryPointArn: started.RecoveryPointArn,
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })
})
