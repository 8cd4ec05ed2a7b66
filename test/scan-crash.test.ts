import { execFile, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { rampart, root, sandboxEnvironment, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const accounts = Array.from({ length: 12 }, (_, i) => String(222222222201 + i))
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
  "--concurrency",
  "2",
  "--json",
]

describe("a scan killed with SIGKILL", () => {
  it("resumes on rerun: done accounts are not collected again, no finding is lost or duplicated", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    const env = sandboxEnvironment(sandbox.url)
    try {
      // Slow Config reads down so the scan is still running when it is killed.
      await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: "PUT",
        body: JSON.stringify({ latency: { "config:*": { fixedMs: 150 } } }),
      })
      const dataDir = mkdtempSync(join(tmpdir(), "rampart-store-"))
      const first = spawn(
        process.execPath,
        [rampart, ...scanArgs, "--scan-id", "crash", "--data-dir", dataDir],
        { env, stdio: ["ignore", "ignore", "pipe"] },
      )
      // Kill it as soon as its progress says some targets are stored, whatever the machine's speed.
      const doneBeforeKill = await new Promise<number>((resolve, reject) => {
        let seen = ""
        first.stderr?.on("data", (chunk: Buffer) => {
          seen += chunk.toString()
          const done = [...seen.matchAll(/ (\d+)\/12 /g)].map((m) => Number(m[1]))
          const most = Math.max(0, ...done)
          if (most > 0) resolve(most)
        })
        first.once("exit", (code) => reject(new Error(`the scan ended (${code}) before it could be killed`)))
      })
      const killed = new Promise((resolve) => first.once("exit", resolve))
      first.kill("SIGKILL")
      await killed
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: "PUT", body: "{}" })

      const resumed = JSON.parse(
        (
          await promisify(execFile)(
            process.execPath,
            [rampart, ...scanArgs, "--scan-id", "crash", "--data-dir", dataDir],
            { env },
          )
        ).stdout,
      ) as { resumed: boolean; skipped: number; collected: number; failed: number }
      expect(resumed.resumed).toBe(true)
      expect(resumed.skipped).toBeGreaterThanOrEqual(doneBeforeKill)
      expect(resumed.skipped).toBeLessThan(12)
      expect(resumed.skipped + resumed.collected).toBe(12)
      expect(resumed.failed).toBe(0)

      const whole = mkdtempSync(join(tmpdir(), "rampart-store-"))
      await promisify(execFile)(
        process.execPath,
        [rampart, ...scanArgs, "--scan-id", "whole", "--data-dir", whole],
        { env },
      )
      const list = async (dir: string) =>
        (
          JSON.parse(
            (
              await promisify(execFile)(
                process.execPath,
                [rampart, "findings", "--json", "--data-dir", dir],
                { env },
              )
            ).stdout,
          ) as ReadonlyArray<{ accountId: string; rule: string; resourceId: string; status: string }>
        )
          .map((f) => `${f.accountId} ${f.rule} ${f.resourceId} ${f.status}`)
          .sort()
      const afterCrash = await list(dataDir)
      expect(new Set(afterCrash).size).toBe(afterCrash.length)
      expect(afterCrash).toEqual(await list(whole))
    } finally {
      await stopped(sandbox.child)
    }
  }, 180_000)
})
