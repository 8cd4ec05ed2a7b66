import { execFile } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { rdsClient, useRdsSandbox } from "./rds.test-support.ts"

const run = promisify(execFile)
const aws = "/usr/bin/aws"

const sandbox = useRdsSandbox()

/** Runs the AWS CLI against the sandbox as the test scenario's admin key, and parses its JSON output. */
const cli = async (url: string, ...args: string[]): Promise<unknown> => {
  const { stdout } = await run(aws, ["--endpoint-url", url, "--output", "json", ...args], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: mkdtempSync(join(tmpdir(), "rds-cli-home-")),
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    timeout: 60_000,
  })
  return JSON.parse(stdout)
}

describe("RDS through the AWS CLI", () => {
  it("has the AWS CLI installed", () => {
    expect(
      existsSync(aws),
      `${aws} is missing: install it with apt-get update && apt-get install -y awscli`,
    ).toBe(true)
  })

  it("answers aws rds describe-db-instances", { timeout: 120_000 }, async () => {
    const { url } = await sandbox
    await rdsClient(url).send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "cli-db",
        DBInstanceClass: "db.t3.micro",
        Engine: "postgres",
        StorageEncrypted: true,
        Tags: [{ Key: "team", Value: "cli" }],
      }),
    )
    const answer = (await cli(url, "rds", "describe-db-instances")) as {
      DBInstances: Array<Record<string, unknown>>
    }
    expect(answer.DBInstances).toHaveLength(1)
    expect(answer.DBInstances[0]).toMatchObject({
      DBInstanceIdentifier: "cli-db",
      DBInstanceStatus: "creating",
      Engine: "postgres",
      StorageEncrypted: true,
      KmsKeyId: expect.stringMatching(/^arn:aws:kms:us-east-1:999999999999:key\//),
      DBInstanceArn: "arn:aws:rds:us-east-1:999999999999:db:cli-db",
      VpcSecurityGroups: [{ VpcSecurityGroupId: expect.stringMatching(/^sg-/), Status: "active" }],
      TagList: [{ Key: "team", Value: "cli" }],
    })
    await expect(
      cli(url, "rds", "describe-db-instances", "--db-instance-identifier", "missing-db"),
    ).rejects.toMatchObject({ stderr: expect.stringContaining("DBInstanceNotFound") })
  })
})
