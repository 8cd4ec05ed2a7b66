import { describe, expect, it } from "vitest"
import { awsCli } from "../../aws-cli.test-support.ts"
import { useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { iamService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, iamService] })

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
})

describe("IAM through the AWS CLI", { timeout: 60_000 }, () => {
  it("creates, reads and lists a role; the CLI decodes the URL-encoded trust policy", async () => {
    const { url } = await sandbox
    const created = await awsCli(url, [
      "iam",
      "create-role",
      "--role-name",
      "BackupRunner",
      "--assume-role-policy-document",
      trust,
      "--tags",
      "Key=team,Value=backup",
    ])
    expect(created.stderr).toBe("")
    expect(created.code).toBe(0)
    expect(created.json).toMatchObject({
      Role: { RoleName: "BackupRunner", Arn: "arn:aws:iam::999999999999:role/BackupRunner" },
    })
    const got = await awsCli(url, ["iam", "get-role", "--role-name", "BackupRunner"])
    expect(got.json).toMatchObject({
      Role: { AssumeRolePolicyDocument: JSON.parse(trust), Tags: [{ Key: "team", Value: "backup" }] },
    })
    const attached = await awsCli(url, [
      "iam",
      "attach-role-policy",
      "--role-name",
      "BackupRunner",
      "--policy-arn",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ])
    expect(attached.code).toBe(0)
    // The CLI follows Marker pages itself.
    const listed = await awsCli(url, ["iam", "list-roles", "--page-size", "1"])
    const names = (listed.json as { Roles: Array<{ RoleName: string }> }).Roles.map((r) => r.RoleName)
    expect(names).toEqual(expect.arrayContaining(["Admin", "BackupRunner"]))
  })

  it("reports IAM's errors with their codes", async () => {
    const { url } = await sandbox
    const missing = await awsCli(url, ["iam", "get-role", "--role-name", "Nobody"])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("(NoSuchEntity)")
    expect(missing.stderr).toContain("The role with name Nobody cannot be found.")
  })
})
