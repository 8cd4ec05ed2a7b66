import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { capturedRun } from "../apps/cli/src/captured-run.test-support.ts"
import { rampart, root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const run = capturedRun

const full = {
  name: "FullAWSAccess",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
}

describe("rehearsing a guardrail on the sandbox", () => {
  it("finds, from the sandbox's own CloudTrail, the CI pipeline that deny-unencrypted-rds would break", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-rehearsal-"))
    const { child } = await sandboxUp(["--scenario", "small", "--state-dir", stateDir])
    // The scenario backfills a week of background activity when it starts; give it a moment to be written.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await stopped(child)

    const logs = mkdtempSync(join(tmpdir(), "rampart-logs-"))
    const exported = await promisify(execFile)(process.execPath, [
      rampart,
      "sandbox",
      "export-trail",
      "--state-dir",
      stateDir,
      "--out",
      logs,
      "--account",
      "222222222202",
      "--json",
    ])
    expect(JSON.parse(exported.stdout).events).toBeGreaterThan(0)

    const rdsDeny = JSON.parse(
      readFileSync(join(root, "policies/scp/deny-unencrypted-rds.json"), "utf8").replaceAll(
        '"{{exemptPrincipalArns}}"',
        '["arn:aws:iam::*:role/RampartPipeline"]',
      ),
    )
    const levels = (extra: ReadonlyArray<unknown>) => ({
      managementAccountId: "999999999999",
      levels: [
        { id: "r-root", policies: [full] },
        { id: "ou-workloads", policies: [full] },
        { id: "ou-dev", policies: [full, ...extra] },
        { id: "222222222202", policies: [full] },
      ],
    })
    writeFileSync(join(logs, "current.json"), JSON.stringify(levels([])))
    writeFileSync(
      join(logs, "proposed.json"),
      JSON.stringify(levels([{ name: "deny-unencrypted-rds", document: rdsDeny }])),
    )

    const replay = await run(
      "scp",
      "replay",
      "--events",
      join(logs, "AWSLogs"),
      "--current",
      join(logs, "current.json"),
      "--proposed",
      join(logs, "proposed.json"),
      "--json",
    )
    expect(replay.code).toBe(1)
    const report = JSON.parse(replay.stdout) as {
      newlyDenied: ReadonlyArray<{ action: string; principal: string; account: string; count: number }>
    }
    const ci = report.newlyDenied.find((g) => g.action === "rds:CreateDBInstance")
    expect(ci).toBeDefined()
    expect(ci?.account).toBe("222222222202")
    expect(ci?.count).toBeGreaterThanOrEqual(20)
  }, 60_000)
})
