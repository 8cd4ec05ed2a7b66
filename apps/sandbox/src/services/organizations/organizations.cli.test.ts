import { describe, expect, it } from "vitest"
import { awsCli } from "../../aws-cli.test-support.ts"
import { useSandbox } from "../../fixtures.test-support.ts"

const sandbox = useSandbox()

describe("Organizations and STS through the AWS CLI", { timeout: 60_000 }, () => {
  it("lists every account, following the CLI's own pagination", async () => {
    const { url } = await sandbox
    const listed = await awsCli(url, ["organizations", "list-accounts", "--page-size", "2"])
    expect(listed.stderr).toBe("")
    expect(listed.code).toBe(0)
    const accounts = (listed.json as { Accounts: Array<{ Id: string }> }).Accounts.map((a) => a.Id).sort()
    expect(accounts).toEqual(["111111111111", "222222222222", "222222222223", "333333333333", "999999999999"])
  })

  it("answers GetCallerIdentity and shows AWS's error for an unknown account", async () => {
    const { url } = await sandbox
    const me = await awsCli(url, ["sts", "get-caller-identity"])
    expect(me.json).toMatchObject({
      Account: "999999999999",
      Arn: "arn:aws:sts::999999999999:assumed-role/Admin/test",
    })
    const missing = await awsCli(url, ["organizations", "describe-account", "--account-id", "444444444444"])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("AccountNotFoundException")
  })
})
