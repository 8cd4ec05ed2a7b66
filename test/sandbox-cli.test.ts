import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { rampart } from "./sandbox-process.test-support.ts"

const run = (...args: string[]) => promisify(execFile)(process.execPath, [rampart, ...args])

describe("rampart sandbox up with bad input", () => {
  it("refuses an invalid scenario file with its path inside, exit 2, and starts nothing", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "rampart-scenario-")), "broken.yaml")
    writeFileSync(
      file,
      [
        "name: broken",
        "regions: [eu-west-1]",
        "organization:",
        "  id: o-brokenorg01",
        '  managementAccount: { id: "999999999999", name: Management }',
        "  tree:",
        "    - ou: Workloads",
        '      accounts: [{ id: "12345", name: Short }]',
        "accessKeys: []",
      ].join("\n"),
    )
    const result = run("sandbox", "up", "--port", "0", "--scenario", file)
    await expect(result).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/broken\.yaml:8:\d+ organization\.tree\[0\]\.accounts\[0\]\.id/),
    })
    await expect(result).rejects.toMatchObject({
      stderr: expect.stringContaining("The sandbox was not started."),
    })
  })

  it("refuses a bad option with exit 2", async () => {
    await expect(run("sandbox", "up", "--port", "eighty")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--port must be a port number"),
    })
  })
})
