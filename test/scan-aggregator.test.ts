import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  ConfigServiceClient,
  PutConfigurationAggregatorCommand,
  PutConformancePackCommand,
} from "@aws-sdk/client-config-service"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { rampartAgainst, root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const region = "eu-west-1"

/** A Config client as a role in an account, assumed by the management account's administrator. */
const configAs = async (url: string, roleArn: string) => {
  const sts = new STSClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  })
  const session = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "setup" }))
  return new ConfigServiceClient({
    endpoint: url,
    region,
    credentials: {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    },
  })
}

interface StoredFinding {
  readonly accountId: string
  readonly region: string
  readonly guardrail?: string
  readonly rule: string
  readonly resourceId: string
  readonly status: string
}

const comparable = (findings: ReadonlyArray<StoredFinding>) =>
  findings
    .map((f) => `${f.accountId} ${f.region} ${f.guardrail} ${f.rule} ${f.resourceId} ${f.status}`)
    .sort()

describe("rampart scan --mode aggregator", () => {
  it("stores through the hub's Config aggregator the findings the audit roles read account by account", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    try {
      for (const account of ["222222222202", "222222222212"]) {
        const config = await configAs(
          sandbox.url,
          `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        )
        await config.send(
          new PutConformancePackCommand({
            ConformancePackName: "rampart-rds-security",
            TemplateBody: readFileSync(join(root, "conformance-packs/rds-security.yaml"), "utf8"),
          }),
        )
      }
      const hub = await configAs(sandbox.url, "arn:aws:iam::111111111111:role/RampartHub")
      await hub.send(
        new PutConfigurationAggregatorCommand({
          ConfigurationAggregatorName: "rampart-organization",
          OrganizationAggregationSource: {
            RoleArn: "arn:aws:iam::111111111111:role/RampartHub",
            AwsRegions: ["eu-west-1", "us-east-1"],
          },
        }),
      )

      const scope = [
        "--config",
        join(root, "examples/rampart.yaml"),
        "--accounts",
        "222222222201,222222222202,222222222212",
        "--regions",
        "eu-west-1,us-east-1",
      ]
      const scanArgs = (mode: string) => ["scan", ...scope, "--mode", mode]
      const scanned = async (mode: string, ...extra: string[]) => {
        const dataDir = mkdtempSync(join(tmpdir(), `rampart-${mode}-`))
        const scan = await rampartAgainst(
          sandbox.url,
          [...scanArgs(mode), ...extra, "--json", "--data-dir", dataDir],
          region,
        )
        const findings = await rampartAgainst(
          sandbox.url,
          ["findings", "--json", "--data-dir", dataDir],
          region,
        )
        return {
          summary: JSON.parse(scan.stdout) as { collected: number; failed: number; findings: number },
          findings: JSON.parse(findings.stdout) as ReadonlyArray<StoredFinding>,
        }
      }
      const roles = await scanned("roles", "--role", "OrganizationAccountAccessRole")
      const central = await scanned("aggregator")

      // us-east-1 records nothing in the small scenario: three collection failures either way.
      expect(central.summary).toMatchObject({ collected: 6, failed: 3 })
      expect(roles.summary).toMatchObject({ collected: 6, failed: 3 })
      const evaluations = (f: ReadonlyArray<StoredFinding>) => f.filter((x) => x.status !== "ERROR")
      expect(evaluations(central.findings).length).toBeGreaterThan(20)
      expect(comparable(evaluations(central.findings))).toEqual(comparable(evaluations(roles.findings)))
      expect(
        central.findings
          .filter((f) => f.status === "ERROR")
          .map((f) => [f.accountId, f.region, f.rule])
          .sort(),
      ).toEqual([
        ["222222222201", "us-east-1", "collection:not-aggregated"],
        ["222222222202", "us-east-1", "collection:not-aggregated"],
        ["222222222212", "us-east-1", "collection:not-aggregated"],
      ])

      // A name that is not there is reported as bad input, and nothing is stored.
      const dataDir = mkdtempSync(join(tmpdir(), "rampart-bad-"))
      const failed = (args: ReadonlyArray<string>) =>
        rampartAgainst(sandbox.url, args, region).then(
          () => ({ code: 0, stderr: "" }),
          (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
        )
      const missing = await failed([
        ...scanArgs("aggregator"),
        "--aggregator",
        "no-such",
        "--data-dir",
        dataDir,
      ])
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain("has no Config aggregator named no-such; it has rampart-organization")
      const stored = await rampartAgainst(sandbox.url, ["findings", "--json", "--data-dir", dataDir], region)
      expect(JSON.parse(stored.stdout)).toEqual([])
      const wrongMode = await failed(scanArgs("central"))
      expect(wrongMode.code).toBe(2)
      expect(wrongMode.stderr).toContain("--mode must be roles or aggregator")
    } finally {
      await stopped(sandbox.child)
    }
  }, 180_000)
})
