import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { promisify } from "node:util"
import { CreateBackupVaultCommand, PutBackupVaultLockConfigurationCommand } from "@aws-sdk/client-backup"
import { beforeAll, describe, expect, it } from "vitest"
import { account, backupClient, useBackupSandbox } from "./fixtures.test-support.ts"

/*
 * The AWS CLI v2 against the sandbox: it sends `GET /backup-vaults/` (with a trailing slash) and reads epoch-second
 * timestamps, unlike the SDK. The CLI must be installed (`apt-get install -y awscli`); without it this test fails.
 */

const cli = "/usr/bin/aws"
const run = promisify(execFile)
const sandbox = useBackupSandbox()

const aws = async (...args: ReadonlyArray<string>) => {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: install the AWS CLI (apt-get install -y awscli) to run this test`)
  return run(cli, ["--endpoint-url", (await sandbox).url, "--output", "json", ...args], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
    },
  })
}

beforeAll(async () => {
  const client = backupClient((await sandbox).url)
  for (const name of ["cli-a", "cli-b", "cli-c"])
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))
  await client.send(
    new PutBackupVaultLockConfigurationCommand({
      BackupVaultName: "cli-b",
      MinRetentionDays: 7,
      ChangeableForDays: 3,
    }),
  )
})

describe("Backup through the AWS CLI", () => {
  it("lists backup vaults", async () => {
    const { stdout } = await aws("backup", "list-backup-vaults")
    const answer = JSON.parse(stdout) as { BackupVaultList: Array<Record<string, unknown>> }
    expect(answer.BackupVaultList.map((v) => v.BackupVaultName)).toEqual(["cli-a", "cli-b", "cli-c"])
    expect(answer.BackupVaultList[1]).toMatchObject({ Locked: true, MinRetentionDays: 7 })
    expect(typeof answer.BackupVaultList[1]?.LockDate).toBe("string")
  })

  it("pages with --page-size, following NextToken", async () => {
    const { stdout } = await aws("backup", "list-backup-vaults", "--page-size", "1")
    const answer = JSON.parse(stdout) as { BackupVaultList: Array<{ BackupVaultName: string }> }
    expect(answer.BackupVaultList.map((v) => v.BackupVaultName)).toEqual(["cli-a", "cli-b", "cli-c"])
    // One call per page, each asking for one vault.
    const pages = (await sandbox).parts.trail
      .events(account, "us-east-1")
      .filter(
        (event) => event.eventName === "ListBackupVaults" && event.requestParameters?.maxResults === "1",
      )
    expect(pages).toHaveLength(3)
  })

  it("reports Backup's errors", async () => {
    await expect(
      aws("backup", "describe-backup-vault", "--backup-vault-name", "missing"),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("ResourceNotFoundException"),
    })
  })
})
