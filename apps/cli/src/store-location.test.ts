import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const main = new URL("./main.ts", import.meta.url).pathname
// A PostgreSQL no one listens on: using it fails at once.
const unreachable = { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" }

const findings = (...args: string[]) =>
  spawnSync(process.execPath, [main, "findings", "--json", ...args], {
    env: unreachable,
    encoding: "utf8",
    timeout: 60_000,
  })

describe("which store a command uses", () => {
  it("takes DATABASE_URL from the environment, but an explicit --data-dir wins over it", () => {
    const fromEnvironment = findings()
    expect(fromEnvironment.status).toBe(3)
    const dir = mkdtempSync(join(tmpdir(), "rampart-store-"))
    const explicit = findings("--data-dir", dir)
    expect(explicit.stderr).toBe("")
    expect(explicit.status).toBe(0)
    expect(JSON.parse(explicit.stdout)).toEqual([])
  }, 60_000)
})
