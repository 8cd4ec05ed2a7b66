import { type ChildProcess, execFile } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { databaseLayer } from "@rampart/store"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { killed, startSandboxProcess } from "../../../apps/sandbox/src/process.test-support.ts"
import { largeScenario } from "../../../apps/sandbox/src/scenario/builtin/large.ts"
import type { Benchmark, Measurement } from "../../../test/bench/benchmark.ts"

const root = new URL("../../../", import.meta.url).pathname
/** The installed `rampart` program, run as users run it (its own Node flags included). */
const rampart = join(root, "node_modules/.bin/rampart")
const regions = ["eu-west-1", "us-east-1"]

/** The workload: what the sandbox answers with and how fast. */
const latencyMs = 25
const configPerSecond = 20
const stsPerSecond = 100
/** Calls a target makes: recorder status, the pack list, then each of the two packs' results. */
const packs = 2
const chainPerTarget = 3

/** The large organization with Config recording and both Rampart packs in every account and region. */
const scenarioFile = (accounts: number, faults: unknown): string => {
  const base = largeScenario({ accounts })
  const file = join(mkdtempSync(join(tmpdir(), "rampart-bench-")), "scenario.json")
  writeFileSync(
    file,
    JSON.stringify({
      ...base,
      name: `scan-bench-${accounts}`,
      resources: {
        ...base.resources,
        config: {
          recorders: [{ accounts: "all", regions }],
          conformancePacks: [
            { name: "rampart-rds-security", catalog: "rds-security", accounts: "all", regions },
            { name: "rampart-backup-protection", catalog: "backup-protection", accounts: "all", regions },
          ],
        },
      },
      faults,
    }),
  )
  return file
}

/** A module that reports the process's peak memory and CPU time on stderr as it exits (loaded with --import). */
const exitReport = (() => {
  const file = join(mkdtempSync(join(tmpdir(), "rampart-bench-")), "exit-report.mjs")
  writeFileSync(
    file,
    "process.on('exit', () => { const u = process.cpuUsage();" +
      " process.stderr.write(`\\nexit-report ${process.resourceUsage().maxRSS} ${(u.user + u.system) / 1000}\\n`) })\n",
  )
  return file
})()

interface Run {
  readonly seconds: number
  readonly peakMiB: number
  readonly cpuSeconds: number
  readonly summary: { readonly collected: number; readonly failed: number; readonly findings: number }
}

/** CPU seconds a live process has used, from /proc. */
const cpuSecondsOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** Runs statements on the PostgreSQL server; false when none answers. */
const onServer = (statements: ReadonlyArray<string>): Promise<boolean> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* SqlClient
      for (const statement of statements) yield* sql.unsafe(statement)
    }).pipe(
      Effect.provide(databaseLayer({ url: serverUrl })),
      Effect.timeout("5 seconds"),
      Effect.as(true),
      Effect.catchCause(() => Effect.succeed(false)),
    ),
  )

/** The schemas this run made, dropped when each benchmark ends. */
const benchSchemas: string[] = []

const dropStores = async (): Promise<void> => {
  await onServer(benchSchemas.splice(0).map((schema) => `DROP SCHEMA IF EXISTS ${schema} CASCADE`))
}

/** A fresh PostgreSQL schema when a server answers (as in production), else a fresh embedded PGlite folder. */
const freshStore = async (name: string): Promise<{ readonly args: string[]; readonly kind: string }> => {
  const schema = `rampart_bench_${name}_${process.pid}`
  if (await onServer([`DROP SCHEMA IF EXISTS ${schema} CASCADE`, `CREATE SCHEMA ${schema}`])) {
    benchSchemas.push(schema)
    const separator = serverUrl.includes("?") ? "&" : "?"
    return {
      args: ["--database-url", `${serverUrl}${separator}options=-csearch_path%3D${schema}`],
      kind: "PostgreSQL",
    }
  }
  return { args: ["--data-dir", mkdtempSync(join(tmpdir(), "rampart-bench-store-"))], kind: "PGlite" }
}

const scan = async (url: string, args: ReadonlyArray<string>): Promise<Run> => {
  const started = performance.now()
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [
      "--import",
      exitReport,
      rampart,
      "scan",
      "--config",
      join(root, "examples/rampart.yaml"),
      "--json",
      ...args,
    ],
    {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: url,
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_REGION: "eu-west-1",
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const seconds = (performance.now() - started) / 1000
  const [, rssKb, cpuMs] = /exit-report (\d+) ([\d.]+)/.exec(stderr) ?? []
  return {
    seconds,
    peakMiB: Number(rssKb) / 1024,
    cpuSeconds: Number(cpuMs) / 1000,
    summary: JSON.parse(stdout),
  }
}

const roles = ["--role", "OrganizationAccountAccessRole", "--regions", regions.join(",")]

/**
 * The fastest the scan could be with these latencies and throttles and unlimited CPU: every account needs one
 * AssumeRole from the hub, at most `stsPerSecond` after the first second's burst; the last account's targets
 * then wait one AssumeRole and their chain of Config calls; reading the first level of the tree comes first.
 * Per account and region, 2 + packs Config calls stay under its 20/s bucket, so they add no wait.
 */
const lowerBoundSeconds = (accounts: number): number => {
  const sts = Math.max(0, accounts - stsPerSecond) / stsPerSecond
  const configPerAccount = Math.max(0, (regions.length * (2 + packs) - configPerSecond) / configPerSecond)
  return Math.max(sts, configPerAccount) + ((2 + 1 + chainPerTarget) * latencyMs) / 1000
}

const stop = (child: ChildProcess) => killed(child, "SIGTERM")

export const benchmarks: ReadonlyArray<Benchmark> = [
  {
    name: "scan: 1,000 accounts × 2 regions through the audit role",
    method:
      `Sandbox \`large\` with 1,000 accounts, AWS Config recording and the two Rampart packs in both regions, ` +
      `${latencyMs} ms added to every call, Config reads throttled at ${configPerSecond}/s per account and region ` +
      `(one bucket for all Config reads), STS at ${stsPerSecond}/s in the hub; Rampart's default call limits match. ` +
      "`rampart scan` runs as a separate process (default concurrency 32) into a fresh store (PostgreSQL when one " +
      "answers on DATABASE_URL or 127.0.0.1:5432, else PGlite). The lower bound is what the latencies and " +
      "throttles imply with unlimited CPU: (accounts − STS burst) / STS rate + the last account's AssumeRole and " +
      "Config call chain + the first tree level. A first, unmeasured pass warms the sandbox (it evaluates an " +
      "account's rules on the first read). Sequential: the same scan with --concurrency 1 over 25 and over 50 " +
      "accounts; the difference gives the time per target, extrapolated to 2,000 targets with the fixed cost " +
      "(start-up, walking the tree) counted once. CPU seconds of the scan and of the sandbox show where the time " +
      "goes on this machine.",
    run: async () => {
      const accounts = 1_000
      const faults = {
        latency: { "*": { fixedMs: latencyMs } },
        throttles: [
          { api: "config:*", ratePerSecond: configPerSecond, shared: true },
          { api: "sts:*", ratePerSecond: stsPerSecond, shared: true },
        ],
      }
      const sandbox = await startSandboxProcess([
        "--quiet",
        "--no-activity",
        "--scenario",
        scenarioFile(accounts, faults),
      ])
      try {
        const sandboxPid = sandbox.child.pid as number
        // The sandbox evaluates an account's rules on its first read: a first pass warms it, as AWS Config is.
        await scan(sandbox.url, [...roles, ...(await freshStore("warm-up")).args])
        const store = await freshStore("concurrent")
        const sandboxBefore = cpuSecondsOf(sandboxPid)
        const concurrent = await scan(sandbox.url, [...roles, ...store.args])
        const sandboxCpu = cpuSecondsOf(sandboxPid) - sandboxBefore
        // Sequential over 25 and 50 accounts: the difference is the time per target, the rest the fixed cost.
        const sequentialOver = async (count: number) =>
          scan(sandbox.url, [
            ...roles,
            "--accounts",
            Array.from({ length: count }, (_, i) => String(500_000_000_001 + i)).join(","),
            "--concurrency",
            "1",
            ...(await freshStore(`sequential${count}`)).args,
          ])
        const small = await sequentialOver(25)
        const large = await sequentialOver(50)
        const targets = accounts * regions.length
        const perTarget =
          (large.seconds - small.seconds) / (large.summary.collected - small.summary.collected)
        const sequentialSeconds = small.seconds + perTarget * (targets - small.summary.collected)
        const bound = lowerBoundSeconds(accounts)
        const ratio = concurrent.seconds / bound
        const speedup = sequentialSeconds / concurrent.seconds
        const measurements: Measurement[] = [
          { metric: `scan wall time (store: ${store.kind})`, value: concurrent.seconds, unit: "s" },
          { metric: "lower bound implied by latencies and throttles", value: bound, unit: "s" },
          {
            metric: "wall time / lower bound",
            value: ratio,
            unit: "×",
            target: { text: "≤ 1.25", met: ratio <= 1.25 },
          },
          { metric: "sequential (concurrency 1), per target", value: perTarget * 1000, unit: "ms" },
          {
            metric: "sequential (concurrency 1), extrapolated to 2,000 targets",
            value: sequentialSeconds,
            unit: "s",
          },
          {
            metric: "speed-up over sequential",
            value: speedup,
            unit: "×",
            target: { text: "≥ 20", met: speedup >= 20 },
          },
          { metric: "targets collected", value: concurrent.summary.collected, unit: "" },
          { metric: "findings stored", value: concurrent.summary.findings, unit: "" },
          { metric: "scan CPU time", value: concurrent.cpuSeconds, unit: "s" },
          { metric: "scan CPU time per target", value: (concurrent.cpuSeconds / targets) * 1000, unit: "ms" },
          { metric: "sandbox CPU time during the scan", value: sandboxCpu, unit: "s" },
          { metric: "scan peak memory", value: concurrent.peakMiB, unit: "MiB" },
        ]
        return measurements
      } finally {
        await stop(sandbox.child)
        await dropStores()
      }
    },
  },
  {
    name: "scan: peak memory at 10,000 accounts",
    method:
      "Sandbox `large:10000` (20,000 account-regions with Config and both packs), no added latency or throttles; " +
      "`rampart scan` with --call-limit sts=10000/s,burst=10000 and config=10000/s,burst=10000 so the run is bound " +
      "by CPU, not by the default limits. Peak resident memory of the scan process (maxRSS at exit).",
    run: async () => {
      const accounts = 10_000
      const sandbox = await startSandboxProcess([
        "--quiet",
        "--no-activity",
        "--scenario",
        scenarioFile(accounts, {}),
      ])
      try {
        const store = await freshStore("memory")
        const run = await scan(sandbox.url, [
          ...roles,
          "--call-limit",
          "sts=10000/s,burst=10000",
          "--call-limit",
          "config=10000/s,burst=10000",
          ...store.args,
        ])
        return [
          {
            metric: "scan peak memory",
            value: run.peakMiB,
            unit: "MiB",
            target: { text: "< 500 MB (476.8 MiB)", met: run.peakMiB * 1024 * 1024 < 500e6 },
          },
          { metric: "targets collected", value: run.summary.collected, unit: "" },
          { metric: "scan wall time", value: run.seconds, unit: "s" },
        ]
      } finally {
        await stop(sandbox.child)
        await dropStores()
      }
    },
  },
]
