import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigServiceClient, PutConformancePackCommand } from "@aws-sdk/client-config-service"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { rampartAgainst, root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const run = (url: string, dataDir: string, ...args: string[]) =>
  rampartAgainst(url, [...args, "--data-dir", dataDir])

describe("rampart scan and rampart findings", () => {
  it("collects conformance pack results from member accounts into the store, reports what it cannot read, and finds them again", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    const dataDir = mkdtempSync(join(tmpdir(), "rampart-store-"))
    try {
      // Deploy the RDS pack in one account, as Rampart's rollout would.
      const sts = new STSClient({
        endpoint: sandbox.url,
        region: "eu-west-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      })
      const session = await sts.send(
        new AssumeRoleCommand({
          RoleArn: "arn:aws:iam::222222222202:role/OrganizationAccountAccessRole",
          RoleSessionName: "deploy",
        }),
      )
      const config = new ConfigServiceClient({
        endpoint: sandbox.url,
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

      const scan = await run(
        sandbox.url,
        dataDir,
        "scan",
        "--config",
        join(root, "examples/rampart.yaml"),
        "--accounts",
        "222222222202,222222222201,222222222203",
        "--regions",
        "eu-west-1,us-east-1",
        "--role",
        "OrganizationAccountAccessRole",
        "--scan-id",
        "first",
        "--json",
      )
      const summary = JSON.parse(scan.stdout) as { collected: number; failed: number; findings: number }
      // us-east-1 has no recorder in the small scenario: those three are collection failures, not silence.
      expect(summary).toMatchObject({ collected: 6, failed: 3 })
      expect(summary.findings).toBeGreaterThan(10)

      const findings = await run(
        sandbox.url,
        dataDir,
        "findings",
        "--account",
        "222222222202",
        "--status",
        "NON_COMPLIANT",
        "--json",
      )
      const stored = JSON.parse(findings.stdout) as ReadonlyArray<{
        rule: string
        region: string
        guardrail?: string
        ouPath?: string
      }>
      expect(stored.map((f) => f.rule)).toContain("rampart-rds-storage-encrypted")
      expect(stored.find((f) => f.rule === "rampart-rds-storage-encrypted")).toMatchObject({
        region: "eu-west-1",
        guardrail: "rds-security",
        ouPath: "/Workloads/Dev",
      })
      const failures = JSON.parse(
        (await run(sandbox.url, dataDir, "findings", "--status", "ERROR", "--json")).stdout,
      ) as ReadonlyArray<{ rule: string; region: string }>
      expect(failures.map((f) => [f.rule, f.region])).toEqual(
        expect.arrayContaining([["collection:config-not-enabled", "us-east-1"]]),
      )

      // Running the same scan again resumes: nothing done is collected twice, nothing is duplicated.
      const again = JSON.parse(
        (
          await run(
            sandbox.url,
            dataDir,
            "scan",
            "--config",
            join(root, "examples/rampart.yaml"),
            "--accounts",
            "222222222202,222222222201,222222222203",
            "--regions",
            "eu-west-1,us-east-1",
            "--role",
            "OrganizationAccountAccessRole",
            "--scan-id",
            "first",
            "--json",
          )
        ).stdout,
      ) as { resumed: boolean; skipped: number }
      expect(again).toMatchObject({ resumed: true, skipped: 3 })
      const after = JSON.parse(
        (
          await run(
            sandbox.url,
            dataDir,
            "findings",
            "--account",
            "222222222202",
            "--status",
            "NON_COMPLIANT",
            "--json",
          )
        ).stdout,
      ) as ReadonlyArray<unknown>
      expect(after).toHaveLength(stored.length)
    } finally {
      await stopped(sandbox.child)
    }
  }, 120_000)
})
