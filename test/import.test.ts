import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import {
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { rampart, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const client = (url: string) =>
  new OrganizationsClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  })

const snapshot = async (url: string) => {
  const orgs = client(url)
  const accounts: string[] = []
  for await (const page of paginateListAccounts({ client: orgs }, {}))
    accounts.push(...(page.Accounts ?? []).map((a) => `${a.Id} ${a.Name}`))
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id
  const ous =
    (await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId })))
      .OrganizationalUnits ?? []
  const sandboxOu = ous.find((o) => o.Name === "Sandbox")
  const attached = (
    await orgs.send(
      new ListPoliciesForTargetCommand({ TargetId: sandboxOu?.Id, Filter: "SERVICE_CONTROL_POLICY" }),
    )
  ).Policies?.map((p) => p.Name)
  return { accounts: accounts.sort(), ous: ous.map((o) => o.Name).sort(), attached }
}

describe("rampart sandbox import", () => {
  it("rebuilds an organization read-only, and a sandbox started from it has the same tree and SCPs", async () => {
    const original = await sandboxUp(["--scenario", "small", "--no-activity"])
    const file = join(mkdtempSync(join(tmpdir(), "rampart-import-")), "imported.yaml")
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [rampart, "sandbox", "import", "--out", file, "--regions", "eu-west-1", "--json"],
        {
          env: {
            ...process.env,
            AWS_ENDPOINT_URL: original.url,
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
            AWS_REGION: "us-east-1",
          },
        },
      )
      expect(JSON.parse(stdout)).toMatchObject({ organization: "o-rampart0demo", accounts: 24, scps: 1 })
      const scenario = parse(readFileSync(file, "utf8")) as {
        organization: { policies: Array<{ name: string; attach: string[] }> }
      }
      expect(scenario.organization.policies).toEqual([
        expect.objectContaining({ name: "SandboxRegionRestriction", attach: ["/Sandbox"] }),
      ])
      const before = await snapshot(original.url)
      const copy = await sandboxUp(["--scenario", file, "--no-activity"])
      try {
        expect(await snapshot(copy.url)).toEqual(before)
      } finally {
        await stopped(copy.child)
      }
      // Reading changed nothing: no write call was recorded.
      expect((await client(original.url).send(new ListAccountsCommand({}))).Accounts?.length).toBe(20)
    } finally {
      await stopped(original.child)
    }
  }, 60_000)

  it("fails clearly when the organization cannot be read", async () => {
    const run = promisify(execFile)(
      process.execPath,
      [rampart, "sandbox", "import", "--out", "/tmp/never.yaml"],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: "http://127.0.0.1:9",
          AWS_ACCESS_KEY_ID: "x",
          AWS_SECRET_ACCESS_KEY: "y",
          AWS_REGION: "us-east-1",
        },
      },
    )
    await expect(run).rejects.toMatchObject({
      code: 3,
      stderr: expect.stringContaining("rampart sandbox import:"),
    })
  }, 60_000)
})
