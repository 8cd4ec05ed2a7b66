import {
  type BackupPlanInput,
  type BackupSelection,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  paginateListBackupPlans,
  paginateListBackupSelections,
  UpdateBackupPlanCommand,
} from "@aws-sdk/client-backup"
import { beforeAll, describe, expect, it } from "vitest"
import { account, backupClient, backupRole, useBackupSandbox } from "./fixtures.test-support.ts"

const sandbox = useBackupSandbox()

beforeAll(async () => {
  await backupClient((await sandbox).url).send(new CreateBackupVaultCommand({ BackupVaultName: "central" }))
})

const dailyRule = {
  RuleName: "daily",
  TargetBackupVaultName: "central",
  ScheduleExpression: "cron(0 5 ? * * *)",
  Lifecycle: { DeleteAfterDays: 35, MoveToColdStorageAfterDays: 0 },
}

describe("Backup plans and selections through the SDK v3 client", () => {
  it("creates a plan with AWS's defaults filled in, and reads it back", async () => {
    const client = backupClient((await sandbox).url)
    const created = await client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: "defaults",
          Rules: [{ RuleName: "plain", TargetBackupVaultName: "central" }],
        },
        BackupPlanTags: { owner: "platform" },
      }),
    )
    expect(created.BackupPlanArn).toBe(
      `arn:aws:backup:us-east-1:${account}:backup-plan:${created.BackupPlanId}`,
    )
    expect(created.BackupPlanId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(created.VersionId).toBeDefined()
    const plan = await client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }))
    expect(plan).toMatchObject({
      BackupPlanId: created.BackupPlanId,
      VersionId: created.VersionId,
      BackupPlan: {
        BackupPlanName: "defaults",
        Rules: [
          {
            RuleName: "plain",
            TargetBackupVaultName: "central",
            ScheduleExpression: "cron(0 5 ? * * *)",
            ScheduleExpressionTimezone: "Etc/UTC",
            StartWindowMinutes: 480,
            CompletionWindowMinutes: 10080,
            EnableContinuousBackup: false,
          },
        ],
      },
    })
    expect(plan.BackupPlan?.Rules?.[0]?.RuleId).toMatch(/^[0-9a-f-]{36}$/)
    expect(plan.CreationDate).toBeInstanceOf(Date)
  })

  it("versions a plan on update, keeping rule ids by rule name, and reads old versions", async () => {
    const client = backupClient((await sandbox).url)
    const created = await client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: "versioned", Rules: [dailyRule] } }),
    )
    const first = await client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }))
    const updated = await client.send(
      new UpdateBackupPlanCommand({
        BackupPlanId: created.BackupPlanId,
        BackupPlan: {
          BackupPlanName: "versioned",
          Rules: [
            { ...dailyRule, Lifecycle: { DeleteAfterDays: 90 } },
            {
              RuleName: "weekly",
              TargetBackupVaultName: "central",
              ScheduleExpression: "cron(0 5 ? * SUN *)",
            },
          ],
        },
      }),
    )
    expect(updated.VersionId).not.toBe(created.VersionId)
    const current = await client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }))
    expect(current.BackupPlan?.Rules?.map((r) => r.RuleName)).toEqual(["daily", "weekly"])
    expect(current.BackupPlan?.Rules?.[0]?.RuleId).toBe(first.BackupPlan?.Rules?.[0]?.RuleId)
    expect(current.BackupPlan?.Rules?.[0]?.Lifecycle).toEqual({ DeleteAfterDays: 90 })
    const old = await client.send(
      new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, VersionId: created.VersionId }),
    )
    expect(old.BackupPlan?.Rules?.[0]?.Lifecycle).toEqual({
      DeleteAfterDays: 35,
      MoveToColdStorageAfterDays: 0,
    })
    await expect(
      client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, VersionId: "nope" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("refuses plans Backup would refuse, naming the member", async () => {
    const client = backupClient((await sandbox).url)
    // Partial: the refused plans leave out members the SDK's types require.
    const refused = async (
      BackupPlan: Partial<BackupPlanInput>,
      Context: string,
      name = "InvalidParameterValueException",
    ) =>
      expect(
        client.send(new CreateBackupPlanCommand({ BackupPlan: BackupPlan as BackupPlanInput })),
      ).rejects.toMatchObject({ name, Context })
    await refused(
      { BackupPlanName: "no-rules", Rules: [] },
      "BackupPlan.Rules",
      "MissingParameterValueException",
    )
    await refused(
      { BackupPlanName: "bad-vault", Rules: [{ RuleName: "r", TargetBackupVaultName: "nowhere" }] },
      "BackupPlan.Rules[0].TargetBackupVaultName",
    )
    await refused(
      { BackupPlanName: "bad-cron", Rules: [{ ...dailyRule, ScheduleExpression: "every day" }] },
      "BackupPlan.Rules[0].ScheduleExpression",
    )
    await refused(
      {
        BackupPlanName: "bad-cold",
        Rules: [{ ...dailyRule, Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 60 } }],
      },
      "BackupPlan.Rules[0].Lifecycle.DeleteAfterDays",
    )
    await refused({ BackupPlanName: "twice", Rules: [dailyRule, dailyRule] }, "BackupPlan.Rules[1].RuleName")
    await refused(
      { BackupPlanName: "bad-window", Rules: [{ ...dailyRule, StartWindowMinutes: 30 }] },
      "BackupPlan.Rules[0].StartWindowMinutes",
    )
    await refused({ Rules: [dailyRule] }, "BackupPlan.BackupPlanName", "MissingParameterValueException")
    await client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: "unique", Rules: [dailyRule] } }),
    )
    await expect(
      client.send(
        new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: "unique", Rules: [dailyRule] } }),
      ),
    ).rejects.toMatchObject({ name: "AlreadyExistsException" })
    await expect(client.send(new GetBackupPlanCommand({ BackupPlanId: "missing" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    })
  })

  it("assigns resources with selections, and deletes a plan only once they are gone", async () => {
    const client = backupClient((await sandbox).url)
    const plan = await client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: "with-selections", Rules: [dailyRule] } }),
    )
    const BackupPlanId = plan.BackupPlanId
    const selection = await client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId,
        BackupSelection: {
          SelectionName: "databases",
          IamRoleArn: backupRole,
          Resources: ["arn:aws:rds:*:*:db:*", "arn:aws:rds:*:*:cluster:*"],
          NotResources: ["arn:aws:rds:*:*:db:scratch-*"],
          ListOfTags: [{ ConditionType: "STRINGEQUALS", ConditionKey: "backup", ConditionValue: "daily" }],
          Conditions: { StringEquals: [{ ConditionKey: "aws:ResourceTag/env", ConditionValue: "prod" }] },
        },
      }),
    )
    expect(selection).toMatchObject({ BackupPlanId })
    const read = await client.send(
      new GetBackupSelectionCommand({ BackupPlanId, SelectionId: selection.SelectionId }),
    )
    expect(read.BackupSelection).toMatchObject({
      SelectionName: "databases",
      IamRoleArn: backupRole,
      Resources: ["arn:aws:rds:*:*:db:*", "arn:aws:rds:*:*:cluster:*"],
      NotResources: ["arn:aws:rds:*:*:db:scratch-*"],
      ListOfTags: [{ ConditionType: "STRINGEQUALS", ConditionKey: "backup", ConditionValue: "daily" }],
      Conditions: { StringEquals: [{ ConditionKey: "aws:ResourceTag/env", ConditionValue: "prod" }] },
    })
    await expect(client.send(new DeleteBackupPlanCommand({ BackupPlanId }))).rejects.toMatchObject({
      name: "InvalidRequestException",
      message: "Related backup plan selections must be deleted prior to backup plan deletion.",
    })
    await client.send(new DeleteBackupSelectionCommand({ BackupPlanId, SelectionId: selection.SelectionId }))
    const deleted = await client.send(new DeleteBackupPlanCommand({ BackupPlanId }))
    expect(deleted.DeletionDate).toBeInstanceOf(Date)
    // The deleted plan is still readable, with its deletion date, and listed only when asked for.
    expect((await client.send(new GetBackupPlanCommand({ BackupPlanId }))).DeletionDate).toBeInstanceOf(Date)
    const live = await client.send(new ListBackupPlansCommand({}))
    expect(live.BackupPlansList?.some((p) => p.BackupPlanId === BackupPlanId)).toBe(false)
    const all = await client.send(new ListBackupPlansCommand({ IncludeDeleted: true }))
    expect(all.BackupPlansList?.find((p) => p.BackupPlanId === BackupPlanId)?.DeletionDate).toBeInstanceOf(
      Date,
    )
    await expect(
      client.send(
        new UpdateBackupPlanCommand({
          BackupPlanId,
          BackupPlan: { BackupPlanName: "x", Rules: [dailyRule] },
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("refuses selections Backup would refuse", async () => {
    const client = backupClient((await sandbox).url)
    const { BackupPlanId } = await client.send(
      new CreateBackupPlanCommand({
        BackupPlan: { BackupPlanName: "strict-selections", Rules: [dailyRule] },
      }),
    )
    const refused = (BackupSelection: Partial<BackupSelection>, name: string, Context?: string) =>
      expect(
        client.send(
          new CreateBackupSelectionCommand({
            BackupPlanId,
            BackupSelection: BackupSelection as BackupSelection,
          }),
        ),
      ).rejects.toMatchObject({ name, ...(Context === undefined ? {} : { Context }) })
    await refused(
      { SelectionName: "nothing", IamRoleArn: backupRole },
      "InvalidParameterValueException",
      "BackupSelection",
    )
    await refused(
      { SelectionName: "bad-role", IamRoleArn: "backup-role", Resources: ["*"] },
      "InvalidParameterValueException",
      "BackupSelection.IamRoleArn",
    )
    await refused(
      { SelectionName: "bad-arn", IamRoleArn: backupRole, Resources: ["orders-db"] },
      "InvalidParameterValueException",
      "BackupSelection.Resources[0]",
    )
    await refused(
      {
        SelectionName: "bad-condition",
        IamRoleArn: backupRole,
        Conditions: { StringLike: [{ ConditionKey: "env", ConditionValue: "prod*" }] },
      },
      "InvalidParameterValueException",
      "BackupSelection.Conditions.StringLike[0].ConditionKey",
    )
    await refused({ IamRoleArn: backupRole, Resources: ["*"] }, "MissingParameterValueException")
    await expect(
      client.send(
        new CreateBackupSelectionCommand({
          BackupPlanId: "missing",
          BackupSelection: { SelectionName: "s", IamRoleArn: backupRole, Resources: ["*"] },
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
    await expect(
      client.send(new GetBackupSelectionCommand({ BackupPlanId, SelectionId: "missing" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" })
  })

  it("pages plans and selections with maxResults and nextToken", async () => {
    const client = backupClient((await sandbox).url, "eu-west-1")
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: "central" }))
    const ids: string[] = []
    for (const name of ["p1", "p2", "p3"]) {
      const plan = await client.send(
        new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: name, Rules: [dailyRule] } }),
      )
      ids.push(plan.BackupPlanId ?? "")
    }
    const first = await client.send(new ListBackupPlansCommand({ MaxResults: 2 }))
    expect(first.BackupPlansList?.map((p) => p.BackupPlanName)).toEqual(["p1", "p2"])
    expect(first.NextToken).toBeDefined()
    const names: string[] = []
    for await (const page of paginateListBackupPlans({ client, pageSize: 1 }, {}))
      names.push(...(page.BackupPlansList ?? []).map((p) => p.BackupPlanName ?? ""))
    expect(names).toEqual(["p1", "p2", "p3"])

    const BackupPlanId = ids[0]
    for (const name of ["s1", "s2", "s3"])
      await client.send(
        new CreateBackupSelectionCommand({
          BackupPlanId,
          BackupSelection: { SelectionName: name, IamRoleArn: backupRole, Resources: ["*"] },
        }),
      )
    const selections: string[] = []
    for await (const page of paginateListBackupSelections({ client, pageSize: 2 }, { BackupPlanId }))
      selections.push(...(page.BackupSelectionsList ?? []).map((s) => s.SelectionName ?? ""))
    expect(selections).toEqual(["s1", "s2", "s3"])
    await expect(
      client.send(new ListBackupSelectionsCommand({ BackupPlanId, NextToken: "forged" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await expect(client.send(new ListBackupPlansCommand({ MaxResults: 1001 }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    })
  })
})
