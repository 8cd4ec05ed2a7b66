import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { capturedRun } from "../captured-run.test-support.ts"
import { ExitCode } from "../exit-code.ts"

const repo = new URL("../../../../", import.meta.url).pathname

const run = capturedRun

describe("rampart remediate, before anything is contacted", () => {
  it("explains plan and start with --help", async () => {
    const plan = await run("remediate", "plan", "--help")
    const start = await run("remediate", "start", "--help")
    expect(plan.code).toBe(ExitCode.ok)
    expect(plan.stdout).toContain("Usage: rampart remediate plan [options]")
    expect(start.code).toBe(ExitCode.ok)
    expect(start.stdout).toContain("--remediation-id ID")
    expect(start.stdout).toContain("never deleted")
  })

  it("exits 2 for bad input and leaves the store untouched", async () => {
    const work = mkdtempSync(join(tmpdir(), "rampart-remediate-cli-"))
    const store = join(work, "store")
    const example = readFileSync(join(repo, "examples/rampart.yaml"), "utf8")
    const broken = join(work, "rampart.yaml")
    writeFileSync(broken, example.replace("  maxErrors: 0\n", "  maxErrors: lots\n"))
    const cases = [
      [["remediate", "start", "--remediation-id", "Nightly_Run", "--data-dir", store], "--remediation-id"],
      [["remediate", "start", "--poll", "soon", "--data-dir", store], "--poll"],
      [["remediate", "plan", "--accounts", "2222", "--data-dir", store], "--accounts"],
      [["remediate", "start", "--ous", "Workloads/Dev", "--data-dir", store], "--ous"],
      [["remediate", "plan", "--config", join(work, "missing.yaml"), "--data-dir", store], "does not exist"],
      [["remediate", "start", "--config", broken, "--data-dir", store], "remediation.maxErrors"],
    ] as const
    for (const [argv, message] of cases) {
      const result = await run(...argv)
      expect(result.code, argv.join(" ")).toBe(ExitCode.badInput)
      expect(result.stderr).toContain(message)
    }
    expect(existsSync(store)).toBe(false)
  })
})
