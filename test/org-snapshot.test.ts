import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { runCli } from "@rampart/cli"
import { describe, expect, it } from "vitest"
import { rampart, sandboxEnvironment, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const cliOutput = async (args: string[]) => {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await runCli(args, {
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    interactive: false,
  })
  return { code, stdout: stdout.join(""), stderr: stderr.join("") }
}

describe("rampart org snapshot", () => {
  it("reads the tree and each account's effective SCPs, in the format scp replay and simulate read", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    const dir = mkdtempSync(join(tmpdir(), "rampart-org-"))
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          rampart,
          "org",
          "snapshot",
          "--out",
          join(dir, "org.json"),
          "--hierarchies",
          join(dir, "current.json"),
          "--data-dir",
          join(dir, "store"),
          "--json",
        ],
        {
          env: sandboxEnvironment(sandbox.url),
        },
      )
      const summary = JSON.parse(stdout) as { storedAs: number }
      expect(summary).toMatchObject({ organization: "o-rampart0demo", accounts: 24, storedAs: 1 })
      // The snapshot was kept in the store: listed with its size, and readable back as written to --out.
      const history = await cliOutput(["org", "history", "--data-dir", join(dir, "store"), "--json"])
      expect(history.code).toBe(0)
      expect(JSON.parse(history.stdout)).toMatchObject([
        { id: 1, organizationId: "o-rampart0demo", accounts: 24 },
      ])
      const shown = await cliOutput(["org", "history", "--data-dir", join(dir, "store"), "--show", "1"])
      expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(readFileSync(join(dir, "org.json"), "utf8")))
      const missing = await cliOutput(["org", "history", "--data-dir", join(dir, "store"), "--show", "7"])
      expect(missing.code).toBe(3)
      expect(missing.stderr).toContain("no stored snapshot 7")
      const bad = await cliOutput(["org", "history", "--data-dir", join(dir, "store"), "--show", "latest"])
      expect(bad.code).toBe(2)
      const { hierarchies } = JSON.parse(readFileSync(join(dir, "current.json"), "utf8")) as {
        hierarchies: Record<string, { levels: Array<{ id: string; policies: Array<{ name: string }> }> }>
      }
      const developer = hierarchies["444444444401"]
      expect(developer?.levels.flatMap((l) => l.policies.map((p) => p.name))).toContain(
        "SandboxRegionRestriction",
      )
      expect(hierarchies["222222222202"]?.levels).toHaveLength(4)
      // The snapshot is a valid input of the SCP engine: the same set as current and proposed changes nothing.
      writeFileSync(join(dir, "trail.json"), JSON.stringify({ Records: [] }))
      const out: string[] = []
      const code = await runCli(
        [
          "scp",
          "replay",
          "--events",
          join(dir, "trail.json"),
          "--current",
          join(dir, "current.json"),
          "--proposed",
          join(dir, "current.json"),
          "--json",
        ],
        {
          stdout: (t) => out.push(t),
          stderr: () => undefined,
          interactive: false,
        },
      )
      expect(code).toBe(0)
      expect((JSON.parse(out.join("")) as { newlyDenied: unknown[] }).newlyDenied).toEqual([])
    } finally {
      await stopped(sandbox.child)
    }
  }, 60_000)
})
