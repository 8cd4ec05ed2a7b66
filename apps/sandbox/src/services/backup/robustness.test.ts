import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  StartBackupJobCommand,
} from "@aws-sdk/client-backup"
import { describe, expect, it } from "vitest"
import type { CallContext, Input } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import { account, backupClient, backupRole, dbArn, useBackupSandbox } from "./fixtures.test-support.ts"
import { backupService } from "./index.ts"

/*
 * Every operation, fed members of every wrong type (alone and inside the nested structures), answers a Backup
 * error or succeeds: it never throws anything that would become an InternalFailure.
 */

const sandbox = useBackupSandbox()

const garbage: ReadonlyArray<unknown> = [null, 5, -1, 1.5, "x", "", true, [], [null], {}, { a: 1 }, ["x"]]

const members = [
  "BackupVaultName",
  "BackupVaultAccountId",
  "BackupPlanId",
  "SelectionId",
  "RecoveryPointArn",
  "BackupJobId",
  "BackupPlan",
  "BackupSelection",
  "Lifecycle",
  "MinRetentionDays",
  "MaxRetentionDays",
  "ChangeableForDays",
  "Policy",
  "SNSTopicArn",
  "BackupVaultEvents",
  "EncryptionKeyArn",
  "BackupVaultTags",
  "BackupPlanTags",
  "ResourceArn",
  "IamRoleArn",
  "IdempotencyToken",
  "MaxResults",
  "NextToken",
  "ByCreatedAfter",
  "ByCreatedBefore",
  "ByResourceType",
  "ByVaultType",
  "ByShared",
  "IncludeDeleted",
  "VersionId",
  "RecoveryPointTags",
  "BackupOptions",
  "StartWindowMinutes",
  "CompleteWindowMinutes",
  "CreatorRequestId",
]

const nested = (value: unknown): ReadonlyArray<Input> => [
  { BackupPlan: { BackupPlanName: "fuzz-plan", Rules: [value] } },
  { BackupPlan: { BackupPlanName: "fuzz-plan", Rules: value } },
  { BackupPlan: { BackupPlanName: value, Rules: [{ RuleName: "r", TargetBackupVaultName: "fuzz" }] } },
  {
    BackupPlan: {
      BackupPlanName: "fuzz-plan",
      Rules: [{ RuleName: "r", TargetBackupVaultName: "fuzz", Lifecycle: value, CopyActions: [value] }],
      AdvancedBackupSettings: [value],
    },
  },
  { BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, Resources: value } },
  { BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, ListOfTags: [value] } },
  { BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, Conditions: { StringEquals: [value] } } },
  { BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, Conditions: value } },
  { Lifecycle: { DeleteAfterDays: value, MoveToColdStorageAfterDays: value } },
]

describe("Backup handlers on bad input", () => {
  it("answer Backup's errors, never an internal failure", async () => {
    const { url, parts } = await sandbox
    const client = backupClient(url)
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "fuzz" }))
    const plan = await client.send(
      new CreateBackupPlanCommand({
        BackupPlan: { BackupPlanName: "fuzz", Rules: [{ RuleName: "r", TargetBackupVaultName: "fuzz" }] },
      }),
    )
    const selection = await client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, Resources: ["*"] },
      }),
    )
    const job = await client.send(
      new StartBackupJobCommand({
        BackupVaultName: "fuzz",
        ResourceArn: dbArn("fuzz"),
        IamRoleArn: backupRole,
      }),
    )
    const credential = parts.store.credentials.get("test")
    if (!credential) throw new Error("no test credential")
    const context: CallContext = {
      caller: credential.principal,
      account,
      region: "us-east-1",
      partition: "aws",
      requestId: "fuzz",
      store: parts.store,
      clock: parts.clock,
      accessKeyId: "test",
      trail: parts.trail,
      services: parts.services,
    }
    const valid: Input = {
      BackupVaultName: "fuzz",
      BackupPlanId: plan.BackupPlanId,
      SelectionId: selection.SelectionId,
      RecoveryPointArn: job.RecoveryPointArn,
      BackupJobId: job.BackupJobId,
    }
    const inputs: Input[] = [{}]
    for (const member of members) for (const value of garbage) inputs.push({ ...valid, [member]: value })
    for (const value of garbage) for (const input of nested(value)) inputs.push({ ...valid, ...input })
    const crashes: string[] = []
    // Read-only operations first, so that the deletions come last and the reads see the resources.
    const operations = [...backupService.operations].sort((a, b) => Number(b.readOnly) - Number(a.readOnly))
    for (const operation of operations)
      for (const input of inputs) {
        try {
          operation.resource?.(input, context)
          operation.handle(input, context)
        } catch (error) {
          if (!(error instanceof ServiceError))
            crashes.push(`${operation.name} ${JSON.stringify(input)}: ${String(error)}`)
        }
      }
    expect(crashes).toEqual([])
  })
})
