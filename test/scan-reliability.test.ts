import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigServiceClient, PutConformancePackCommand } from "@aws-sdk/client-config-service"
import { AttachPolicyCommand, CreatePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { rampartAgainst, root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const admin = { accessKeyId: "test", secretAccessKey: "test" }
const accounts = ["222222222201", "222222222202", "222222222203", "222222222204"]

const run = (url: string, dataDir: string, ...args: string[]) =>
  rampartAgainst(url, [...args, "--data-dir", dataDir])

const deployPack = async (url: string, account: string) => {
  const sts = new STSClient({ endpoint: url, region: "eu-west-1", credentials: admin })
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "deploy",
    }),
  )
  const config = new ConfigServiceClient({
    endpoint: url,
    region: "eu-west-1",
    credentials: {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    },
  })
  await config.send(
    new PutConformancePackCommand({
      ConformancePackName: "rds-security",
      TemplateBody: readFileSync(join(root, "conformance-packs/rds-security.yaml"), "utf8"),
    }),
  )
}

const scanArgs = [
  "scan",
  "--config",
  join(root, "examples/rampart.yaml"),
  "--accounts",
  accounts.join(","),
  "--regions",
  "eu-west-1",
  "--role",
  "OrganizationAccountAccessRole",
  "--json",
]

type Stored = ReadonlyArray<{ accountId: string; rule: string; resourceId: string; status: string }>
const comparable = (findings: Stored) =>
  findings.map((f) => `${f.accountId} ${f.rule} ${f.resourceId} ${f.status}`).sort()

describe("scan reliability on the sandbox", () => {
  it("gives identical findings with throttling injected (a rate limit, then 10% of calls at random), and reports an SCP-denied account and a missing role without stopping", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    try {
      for (const account of accounts) await deployPack(sandbox.url, account)
      const calm = mkdtempSync(join(tmpdir(), "rampart-store-"))
      await run(sandbox.url, calm, ...scanArgs, "--scan-id", "calm")
      const expected = comparable(
        JSON.parse((await run(sandbox.url, calm, "findings", "--json")).stdout) as Stored,
      )
      expect(expected.length).toBeGreaterThan(20)

      // A scan into a fresh store under the given faults: what it found, and how many targets failed.
      const scanUnder = async (faults: unknown, scanId: string) => {
        await fetch(`${sandbox.url}/_sandbox/faults`, { method: "PUT", body: JSON.stringify(faults) })
        const store = mkdtempSync(join(tmpdir(), "rampart-store-"))
        const summary = JSON.parse(
          (await run(sandbox.url, store, ...scanArgs, "--scan-id", scanId)).stdout,
        ) as {
          failed: number
        }
        await fetch(`${sandbox.url}/_sandbox/faults`, { method: "PUT", body: "{}" })
        const found = JSON.parse((await run(sandbox.url, store, "findings", "--json")).stdout) as Stored
        return { failed: summary.failed, findings: comparable(found) }
      }
      // Config reads throttled to 2 per second per account: every call above that answers ThrottlingException.
      const rateLimited = await scanUnder(
        { throttles: [{ api: "config:*", ratePerSecond: 2, burst: 2 }] },
        "throttled",
      )
      expect(rateLimited).toEqual({ failed: 0, findings: expected })
      // One call in ten, of every service, answered with its throttling error at random.
      const tenth = await scanUnder({ throttleRate: 0.1, seed: 11 }, "tenth")
      expect(tenth).toEqual({ failed: 0, findings: expected })

      // An SCP on one account denies Config reads to everyone there (the audit role included).
      const orgs = new OrganizationsClient({ endpoint: sandbox.url, region: "us-east-1", credentials: admin })
      const policy = await orgs.send(
        new CreatePolicyCommand({
          Name: "NoConfigReads",
          Description: "",
          Type: "SERVICE_CONTROL_POLICY",
          Content: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: ["config:Describe*", "config:Get*"], Resource: "*" }],
          }),
        }),
      )
      await orgs.send(
        new AttachPolicyCommand({ PolicyId: policy.Policy?.PolicySummary?.Id, TargetId: "222222222203" }),
      )
      const mixed = mkdtempSync(join(tmpdir(), "rampart-store-"))
      const result = JSON.parse(
        (await run(sandbox.url, mixed, ...scanArgs, "--scan-id", "mixed")).stdout,
      ) as { collected: number; failed: number }
      expect(result).toMatchObject({ collected: 4, failed: 1 })
      const missingRole = JSON.parse(
        (
          await run(
            sandbox.url,
            mixed,
            "scan",
            "--config",
            join(root, "examples/rampart.yaml"),
            "--accounts",
            "222222222201",
            "--regions",
            "eu-west-1",
            "--role",
            "RampartAudit",
            "--scan-id",
            "no-role",
            "--json",
          )
        ).stdout,
      ) as { failed: number }
      expect(missingRole.failed).toBe(1)
      const errors = JSON.parse(
        (await run(sandbox.url, mixed, "findings", "--status", "ERROR", "--json")).stdout,
      ) as Stored
      expect(errors.map((f) => `${f.accountId} ${f.rule}`).sort()).toEqual([
        "222222222201 collection:access-denied-by-trust",
        "222222222203 collection:access-denied-by-scp",
      ])
    } finally {
      await stopped(sandbox.child)
    }
  }, 180_000)
})
