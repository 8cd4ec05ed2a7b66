import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { databaseLayer } from "@rampart/store"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { describe, expect, it } from "vitest"

const fixture = new URL("./engine-fixture.test-support.ts", import.meta.url).pathname

/** A runner process of the fixture workflow, logging to `log`. */
const runner = (log: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, [fixture, log], { env: { ...process.env, ...env }, stdio: "ignore" })

const lines = (log: string): string[] =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
    : []

const until = async (log: string, pattern: RegExp, seconds = 60): Promise<void> => {
  const deadline = Date.now() + seconds * 1000
  while (!lines(log).some((l) => pattern.test(l))) {
    if (Date.now() > deadline) throw new Error(`no "${pattern}" in ${seconds} s:\n${lines(log).join("\n")}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once("exit", (code) => resolve(code))
  })

/** How often each step started and ended, and the results, from a log. */
const tally = (log: string) => {
  const count = (kind: string, n: number) => lines(log).filter((l) => l.startsWith(`${kind} ${n} `)).length
  return {
    started: [1, 2, 3, 4, 5, 6].map((n) => count("start", n)),
    ended: [1, 2, 3, 4, 5, 6].map((n) => count("end", n)),
    results: lines(log).filter((l) => l.startsWith("result")),
  }
}

describe("the workflow engine on the store's database", () => {
  it("resumes a workflow killed with SIGKILL after its last completed activity (PGlite)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-engine-"))
    const log = join(dir, "log")
    writeFileSync(log, "")
    const env = { DATA_DIR: join(dir, "store") }
    const first = runner(log, env)
    await until(log, /^start 3 /)
    first.kill("SIGKILL")
    await exited(first)
    const second = runner(log, env)
    expect(await exited(second)).toBe(0)
    const { started, ended, results } = tally(log)
    // Steps 1 and 2 had completed: they are not run again. Step 3 was in flight: it runs again, once.
    expect(started).toEqual([1, 1, 2, 1, 1, 1])
    expect(ended).toEqual([1, 1, 1, 1, 1, 1])
    expect(results).toEqual(["result 21"])
  }, 120_000)

  it("lets a second runner on one PostgreSQL take over from a runner that is killed, running nothing twice that had completed", async () => {
    const schema = `rampart_engine_${process.pid}_${Math.floor(Math.random() * 1e6)}`
    const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
    const onServer = (statement: string) =>
      Effect.runPromise(
        SqlClient.use((sql) => sql.unsafe(statement)).pipe(
          Effect.provide(databaseLayer({ url: base })),
        ) as Effect.Effect<unknown>,
      )
    await onServer(`CREATE SCHEMA ${schema}`)
    try {
      const url = `${base}${base.includes("?") ? "&" : "?"}options=-csearch_path%3D${schema}`
      const dir = mkdtempSync(join(tmpdir(), "rampart-engine-"))
      const log = join(dir, "log")
      writeFileSync(log, "")
      const a = runner(log, { DATABASE_URL: url })
      await until(log, /^end 2 /)
      const b = runner(log, { DATABASE_URL: url })
      await until(log, /^start 3 /)
      a.kill("SIGKILL")
      await exited(a)
      expect(await exited(b)).toBe(0)
      const { started, ended, results } = tally(log)
      expect(started.slice(0, 2)).toEqual([1, 1])
      expect(ended.every((n) => n >= 1)).toBe(true)
      // Only the step in flight when the first runner died may have run twice.
      expect(started.filter((n) => n > 1).length).toBeLessThanOrEqual(1)
      expect(results).toEqual(["result 21"])
    } finally {
      await onServer(`DROP SCHEMA ${schema} CASCADE`)
    }
  }, 180_000)
})
