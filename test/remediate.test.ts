import { execFile, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigServiceClient, PutConformancePackCommand } from "@aws-sdk/client-config-service"
import { DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { rampart, root, sandboxEnvironment, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

/** Runs `rampart` against the sandbox and answers its exit code and output, whatever the code. */
const rampartRun = (url: string, args: ReadonlyArray<string>) =>
  new Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [rampart, ...args],
      { env: sandboxEnvironment(url), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 99
        resolve({ code, stdout, stderr })
      },
    )
  })

/** A session in a member account through its OrganizationAccountAccessRole. */
const memberCredentials = async (url: string, accountId: string) => {
  const sts = new STSClient({
    endpoint: url,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  })
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "test",
    }),
  )
  return {
    accessKeyId: session.Credentials?.AccessKeyId as string,
    secretAccessKey: session.Credentials?.SecretAccessKey as string,
    sessionToken: session.Credentials?.SessionToken as string,
  }
}

/** Deploys the RDS pack in a member account, as Rampart's rollout would. */
const deployRdsPack = async (url: string, accountId: string) => {
  const config = new ConfigServiceClient({
    endpoint: url,
    region: "eu-west-1",
    credentials: await memberCredentials(url, accountId),
  })
  await config.send(
    new PutConformancePackCommand({
      ConformancePackName: "rampart-rds-security",
      TemplateBody: readFileSync(join(root, "conformance-packs/rds-security.yaml"), "utf8"),
    }),
  )
}

interface StoredFinding {
  readonly rule: string
  readonly resourceId: string
  readonly status: string
  readonly annotation?: string
}

interface PlanJson {
  readonly items: ReadonlyArray<{ accountId: string; instanceId: string; resourceId: string; action: string }>
  readonly skipped: ReadonlyArray<{
    accountId: string
    instanceId?: string
    rule: string
    kind: string
    reason: string
  }>
}

/** The example configuration without its weekend maintenance window, so a test need not wait for Saturday. */
const configWithoutWindow = (work: string): string => {
  const example = readFileSync(join(root, "examples/rampart.yaml"), "utf8")
  const window = '  maintenanceWindow:\n    days: [sat, sun]\n    start: "02:00"\n    end: "06:00"\n'
  if (!example.includes(window))
    throw new Error("the example's maintenance window is not where the test expects it")
  const configFile = join(work, "rampart.yaml")
  writeFileSync(configFile, example.replace(window, ""))
  return configFile
}

describe("rampart remediate", () => {
  it("remediates the scanned findings in waves: the encrypted copies and the changed instances turn compliant", async () => {
    // 30x: an instance restores in about ten seconds, and a role session lasts two real minutes.
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity", "--time-scale", "30"])
    const work = mkdtempSync(join(tmpdir(), "rampart-remediate-"))
    const dataDir = join(work, "store")
    // The example configuration without its weekend maintenance window, so the test need not wait for Saturday.
    const example = readFileSync(join(root, "examples/rampart.yaml"), "utf8")
    const window = '  maintenanceWindow:\n    days: [sat, sun]\n    start: "02:00"\n    end: "06:00"\n'
    if (!example.includes(window))
      throw new Error("the example's maintenance window is not where the test expects it")
    const configFile = join(work, "rampart.yaml")
    writeFileSync(configFile, example.replace(window, ""))
    const common = ["--config", configFile, "--data-dir", dataDir, "--role", "OrganizationAccountAccessRole"]
    const scan = (scanId: string) =>
      rampartRun(sandbox.url, [
        "scan",
        ...common,
        "--accounts",
        "222222222202,222222222206",
        "--regions",
        "eu-west-1",
        "--scan-id",
        scanId,
        "--json",
      ])
    const findingsOf = async (accountId: string) =>
      JSON.parse(
        (await rampartRun(sandbox.url, ["findings", "--data-dir", dataDir, "--account", accountId, "--json"]))
          .stdout,
      ) as ReadonlyArray<StoredFinding>
    try {
      for (const account of ["222222222202", "222222222206"]) await deployRdsPack(sandbox.url, account)
      expect((await scan("before")).code).toBe(0)

      // Bad input changes nothing and says what was wrong.
      const bad = await rampartRun(sandbox.url, [
        "remediate",
        "start",
        ...common,
        "--remediation-id",
        "Not_Valid",
      ])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain("--remediation-id")

      const planned = await rampartRun(sandbox.url, ["remediate", "plan", ...common, "--json"])
      expect(planned.code).toBe(1)
      const plan = JSON.parse(planned.stdout) as PlanJson
      expect(plan.items.map((i) => [i.instanceId, i.action])).toEqual([
        ["app-db-2", "enable-backups"],
        ["app-db-2", "enable-deletion-protection"],
        ["app-db-2", "encrypt-rds"],
        ["app-db-6", "enable-backups"],
        ["app-db-6", "enable-deletion-protection"],
        ["app-db-6", "disable-public-access"],
        ["app-db-6", "encrypt-rds"],
      ])
      expect(plan.skipped).toContainEqual(
        expect.objectContaining({
          accountId: "222222222202",
          rule: "rampart-rds-multi-az",
          kind: "action-not-enabled",
        }),
      )

      const started = await rampartRun(sandbox.url, [
        "remediate",
        "start",
        ...common,
        "--ous",
        "/Workloads/Dev",
        "--remediation-id",
        "e2e-remediation",
        "--poll",
        "0.5",
        "--json",
      ])
      expect(started.stderr).not.toContain("Error")
      expect(started.code).toBe(0)
      const report = JSON.parse(started.stdout) as {
        counts: Record<string, number>
        results: ReadonlyArray<{
          item: { instanceId: string; action: string }
          outcome: string
          replacement?: string
          cutover?: ReadonlyArray<string>
          verification?: { instanceId: string; resourceId: string; compliance: string }
        }>
      }
      expect(report.counts).toEqual({ remediated: 7, alreadyCompliant: 0, failed: 0, notStarted: 0 })
      expect(report.results.every((r) => r.verification?.compliance === "COMPLIANT")).toBe(true)
      const encrypted = report.results.filter((r) => r.item.action === "encrypt-rds")
      expect(encrypted.map((r) => r.replacement)).toEqual([
        "app-db-2-rampart-encrypted",
        "app-db-6-rampart-encrypted",
      ])
      expect(encrypted[0]?.cutover?.join("\n")).toContain("delete by hand")

      // Scanned again: AWS Config now judges the changed sources and the new encrypted copies.
      expect((await scan("after")).code).toBe(0)
      for (const [account, source] of [
        ["222222222202", "app-db-2"],
        ["222222222206", "app-db-6"],
      ] as const) {
        const sourceResult = report.results.find(
          (r) => r.item.instanceId === source && r.item.action !== "encrypt-rds",
        )
        const copyResult = report.results.find(
          (r) => r.item.instanceId === source && r.item.action === "encrypt-rds",
        )
        const sourceId = sourceResult?.verification?.resourceId
        const copyId = copyResult?.verification?.resourceId
        expect(copyId).toBeDefined()
        expect(copyId).not.toBe(sourceId)
        const findings = await findingsOf(account)
        const status = (resourceId: string | undefined, rule: string) =>
          findings.find((f) => f.resourceId === resourceId && f.rule === rule)?.status
        // The changes made in place hold on the source...
        expect(status(sourceId, "rampart-rds-instance-backup-enabled")).toBe("COMPLIANT")
        expect(status(sourceId, "rampart-rds-instance-deletion-protection")).toBe("COMPLIANT")
        // ...which stays unencrypted, because Rampart never deletes it: its encrypted copy is compliant.
        expect(status(sourceId, "rampart-rds-storage-encrypted")).toBe("NON_COMPLIANT")
        expect(status(copyId, "rampart-rds-storage-encrypted")).toBe("COMPLIANT")
        expect(status(copyId, "rampart-rds-instance-backup-enabled")).toBe("COMPLIANT")
        expect(status(copyId, "rampart-rds-instance-deletion-protection")).toBe("COMPLIANT")
        expect(status(copyId, "rampart-rds-instance-not-public")).toBe("COMPLIANT")
      }
      expect(
        (await findingsOf("222222222206")).find(
          (f) => f.rule === "rampart-rds-instance-not-public" && f.status === "NON_COMPLIANT",
        ),
      ).toBeUndefined()

      // Nothing is left to do: the sources' encryption findings are answered by their copies, to cut over by hand.
      const again = await rampartRun(sandbox.url, ["remediate", "plan", ...common, "--json"])
      expect(again.code).toBe(0)
      const after = JSON.parse(again.stdout) as PlanJson
      expect(after.items).toEqual([])
      expect(
        after.skipped
          .filter((s) => s.rule === "rampart-rds-storage-encrypted")
          .map((s) => [s.instanceId, s.kind]),
      ).toEqual([
        ["app-db-2", "replaced"],
        ["app-db-6", "replaced"],
      ])
    } finally {
      await stopped(sandbox.child)
    }
  }, 300_000)

  it("resumes an encryption killed with SIGKILL after its snapshot, without taking the snapshot again", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity", "--time-scale", "30"])
    const work = mkdtempSync(join(tmpdir(), "rampart-remediate-crash-"))
    const common = [
      "--config",
      configWithoutWindow(work),
      "--data-dir",
      join(work, "store"),
      "--role",
      "OrganizationAccountAccessRole",
    ]
    const start = ["remediate", "start", ...common, "--remediation-id", "crash", "--poll", "0.5", "--json"]
    try {
      await deployRdsPack(sandbox.url, "222222222203")
      const scanned = await rampartRun(sandbox.url, [
        "scan",
        ...common,
        "--accounts",
        "222222222203",
        "--regions",
        "eu-west-1",
        "--json",
      ])
      expect(scanned.code).toBe(0)

      const first = spawn(process.execPath, [rampart, ...start], {
        env: sandboxEnvironment(sandbox.url),
        stdio: "ignore",
      })
      const exited = new Promise<number | null>((resolve) => first.once("exit", resolve))
      // Kill it as soon as the source's snapshot exists in RDS, whatever the machine's speed.
      const rds = new RDSClient({
        endpoint: sandbox.url,
        region: "eu-west-1",
        credentials: await memberCredentials(sandbox.url, "222222222203"),
      })
      const snapshotName = "rampart-app-db-3-crash"
      const deadline = Date.now() + 120_000
      for (;;) {
        const listed = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: "app-db-3" }))
        if ((listed.DBSnapshots ?? []).some((s) => s.DBSnapshotIdentifier === snapshotName)) break
        if (first.exitCode !== null || Date.now() > deadline)
          throw new Error(
            `remediate start ended (${first.exitCode}) or timed out before its snapshot appeared`,
          )
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      first.kill("SIGKILL")
      await exited

      const resumed = await rampartRun(sandbox.url, start)
      expect(resumed.code).toBe(0)
      const report = JSON.parse(resumed.stdout) as {
        resumed: boolean
        results: ReadonlyArray<{
          item: { action: string }
          outcome: string
          steps: ReadonlyArray<{ step: string; status: string }>
          replacement?: string
        }>
      }
      expect(report.resumed).toBe(true)
      const encrypt = report.results.find((r) => r.item.action === "encrypt-rds")
      expect(encrypt).toMatchObject({ outcome: "remediated", replacement: "app-db-3-rampart-encrypted" })
      // The snapshot was journaled as done, or found made when the kill came between the call and its outcome.
      const snapshotStep = encrypt?.steps.find((s) => s.step === "snapshot")
      expect(["applied-earlier", "already-so"]).toContain(snapshotStep?.status)
      const snapshots = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: "app-db-3" }))
      expect((snapshots.DBSnapshots ?? []).map((s) => [s.DBSnapshotIdentifier, s.Encrypted]).sort()).toEqual([
        ["rampart-app-db-3-crash", false],
        ["rampart-app-db-3-crash-encrypted", true],
      ])
    } finally {
      await stopped(sandbox.child)
    }
  }, 300_000)
})
