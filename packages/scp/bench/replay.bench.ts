import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pipeline } from "node:stream/promises"
import { createGzip } from "node:zlib"
import type { Benchmark } from "../../../test/bench/benchmark.ts"
import { quantile, sampleMilliseconds } from "../../../test/bench/benchmark.ts"
import type { Hierarchy } from "../src/hierarchy.ts"
import { parsePolicy } from "../src/parse.ts"
import type { PolicyDocument } from "../src/policy.ts"
import { readEventBatches } from "../src/replay/read-events.ts"
import { Replay, type ReplayInput } from "../src/replay/replay.ts"
import { managementAccount, memberAccounts, writeSampleLog } from "./cloudtrail-sample.ts"

const events = 1_000_000
const targetMs = 5_000

const scp = (value: unknown): PolicyDocument => {
  const parsed = parsePolicy(value, { kind: "scp", file: "bench" })
  if (!parsed.document) throw new Error(JSON.stringify(parsed.diagnostics))
  return parsed.document
}

const catalog = (name: string, exempt: ReadonlyArray<string>): PolicyDocument =>
  scp(
    JSON.parse(
      readFileSync(new URL(`../../../policies/scp/${name}.json`, import.meta.url), "utf8").replaceAll(
        '"{{exemptPrincipalArns}}"',
        JSON.stringify(exempt),
      ),
    ),
  )

const exempt = ["arn:aws:iam::*:role/RampartPipeline"]
const fullAwsAccess = scp({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
})

/** root -> workloads OU -> account, one hierarchy per account, as the replay input of a wave would have. */
const hierarchies = (rootGuardrails: ReadonlyArray<string>): Record<string, Hierarchy> =>
  Object.fromEntries(
    [...memberAccounts, managementAccount].map((account) => [
      account,
      {
        managementAccountId: managementAccount,
        levels: [
          {
            id: "r-root",
            policies: [
              { name: "FullAWSAccess", document: fullAwsAccess },
              ...rootGuardrails.map((name) => ({ name, document: catalog(name, exempt) })),
            ],
          },
          { id: "ou-workloads", policies: [{ name: "FullAWSAccess", document: fullAwsAccess }] },
          { id: account, policies: [{ name: "FullAWSAccess", document: fullAwsAccess }] },
        ],
      },
    ]),
  )

const input: ReplayInput = {
  current: { hierarchies: hierarchies(["deny-leave-organization"]) },
  proposed: {
    hierarchies: hierarchies(["deny-leave-organization", "deny-unencrypted-rds", "protect-backups"]),
  },
}

export const benchmarks: ReadonlyArray<Benchmark> = [
  {
    name: "replay: 1,000,000 CloudTrail events against the current and proposed SCPs",
    method:
      "Writes 1,000,000 generated CloudTrail events (sessions of seven role profiles in four member accounts and the " +
      "management account, bursts of calls to ten services with realistic members and sizes, some unencrypted " +
      'rds:CreateDBInstance, 0.7 % events replay skips) as one uncompressed log file ({"Records": [...]}) in a ' +
      "temporary folder, then replays the whole file three times after one warm-up round, in one process on one " +
      "core: read, scan, derive, evaluate under the current hierarchy (deny-leave-organization) and the proposed " +
      "one (plus deny-unencrypted-rds and protect-backups), group. Median wall time; resident memory sampled " +
      "between batches during the replays. Then the same file gzip-compressed (level 1) is replayed once, for " +
      "comparison: CloudTrail delivers gzip files, and decompression runs beside the scan on the second core.",
    run: async () => {
      const folder = mkdtempSync(join(tmpdir(), "rampart-replay-bench-"))
      try {
        const file = join(folder, "111111111111_CloudTrail_eu-west-1_20261120T0000Z_bench.json")
        const sample = await writeSampleLog(file, events)
        let peakRss = 0
        let last: ReturnType<Replay["report"]> | undefined
        const samples = await sampleMilliseconds(async () => {
          const replay = new Replay(input)
          for await (const batch of readEventBatches(file)) {
            replay.addBatch(batch)
            peakRss = Math.max(peakRss, process.memoryUsage().rss)
          }
          last = replay.report()
        }, 3)
        const report = last
        if (report === undefined || report.totals.eventsRead !== events)
          throw new Error("the replay lost events")
        const median = quantile(samples, 0.5)
        const compressed = `${file}.gz`
        await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(compressed))
        const [gzipMs = Number.NaN] = await sampleMilliseconds(
          async () => {
            const replay = new Replay(input)
            for await (const batch of readEventBatches(compressed)) replay.addBatch(batch)
            if (replay.report().totals.eventsRead !== events) throw new Error("the gzip replay lost events")
          },
          1,
          0,
        )
        return [
          {
            metric: "wall time for 1,000,000 events, median",
            value: median,
            unit: "ms",
            target: { text: `< ${targetMs} ms`, met: median < targetMs },
          },
          { metric: "wall time, slowest", value: quantile(samples, 1), unit: "ms" },
          { metric: "throughput, median", value: events / (median / 1000), unit: "events/s" },
          { metric: "input size", value: sample.bytes / 2 ** 20, unit: "MiB" },
          { metric: "same events gzip-compressed, wall time (one run)", value: gzipMs, unit: "ms" },
          { metric: "gzip-compressed input size", value: statSync(compressed).size / 2 ** 20, unit: "MiB" },
          { metric: "peak resident memory during replay", value: peakRss / 2 ** 20, unit: "MiB" },
          { metric: "distinct requests evaluated", value: report.totals.distinctRequests, unit: "requests" },
          { metric: "newly denied events", value: report.totals.newlyDenied, unit: "events" },
          { metric: "skipped events", value: report.totals.skipped, unit: "events" },
        ]
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    },
  },
]
