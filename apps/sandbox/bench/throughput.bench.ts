import { type ChildProcess, execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Benchmark, Measurement } from "../../../test/bench/benchmark.ts"
import { signRequest } from "../src/identity/sign-request.ts"
import { killed, startSandboxProcess } from "../src/process.test-support.ts"

const loadGenerator = new URL("./load-generator.ts", import.meta.url).pathname

/** Starts `rampart sandbox up` in its own process and answers its URL once it listens. */
const startSandbox = (args: ReadonlyArray<string>) =>
  startSandboxProcess(["--quiet", "--no-activity", ...args])

/** Peak resident memory of a process, from /proc. */
const peakRssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

const stop = async (child: ChildProcess): Promise<void> => {
  await killed(child, "SIGTERM")
}

/** A request signed once with the default scenario's key and replayed by the load generator. */
const signedFile = (
  url: string,
  call: { service: string; headers: Record<string, string>; body: string },
): string => {
  const target = new URL(url)
  const signed = signRequest(
    {
      method: "POST",
      path: "/",
      query: "",
      headers: { host: target.host, ...call.headers },
      body: Buffer.from(call.body),
    },
    {
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      region: "us-east-1",
      service: call.service,
      date: new Date(),
    },
  )
  const file = join(mkdtempSync(join(tmpdir(), "rampart-load-")), "request.json")
  writeFileSync(file, JSON.stringify({ method: "POST", path: "/", headers: signed.headers, body: call.body }))
  return file
}

const load = (url: string, file: string, seconds: number, concurrency: number) =>
  JSON.parse(
    execFileSync(process.execPath, [loadGenerator, url, String(seconds), String(concurrency), file], {
      encoding: "utf8",
    }),
  ) as {
    requests: number
    errors: number
    statuses: Record<string, number>
    perSecond: number
    p50: number
    p99: number
  }

export const benchmarks: ReadonlyArray<Benchmark> = [
  {
    name: "sandbox: requests per second with authorization, and memory at 10,000 accounts",
    method:
      "`rampart sandbox up` (small scenario, no activity) in one process; a load generator in another process " +
      "replays one SigV4-signed request over 32 keep-alive connections for 10 s after a 2 s warm-up: STS " +
      "GetCallerIdentity (awsQuery, XML) and Organizations DescribeOrganization (awsJson1_1). Every request is " +
      "authenticated (signature verified with the secret), authorized (identity policies and SCPs) and recorded " +
      "in CloudTrail. Memory: peak RSS (VmHWM) of a sandbox started with large:10000 after listing every account " +
      "through ListAccounts pages.",
    run: async () => {
      const measurements: Measurement[] = []
      const small = await startSandbox(["--scenario", "small"])
      try {
        const calls = [
          {
            name: "STS GetCallerIdentity",
            service: "sts",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "Action=GetCallerIdentity&Version=2011-06-15",
          },
          {
            name: "Organizations DescribeOrganization",
            service: "organizations",
            headers: {
              "content-type": "application/x-amz-json-1.1",
              "x-amz-target": "AWSOrganizationsV20161128.DescribeOrganization",
            },
            body: "{}",
          },
        ]
        for (const call of calls) {
          const file = signedFile(small.url, call)
          load(small.url, file, 2, 32)
          const result = load(small.url, file, 10, 32)
          if (result.errors > 0 || Object.keys(result.statuses).some((s) => s !== "200"))
            throw new Error(`unexpected answers: ${JSON.stringify(result)}`)
          measurements.push(
            {
              metric: `${call.name}: requests per second`,
              value: result.perSecond,
              unit: "/s",
              target: { text: "≥ 3,000 /s", met: result.perSecond >= 3_000 },
            },
            {
              metric: `${call.name}: latency p50 / p99`,
              value: result.p50,
              unit: `ms / ${result.p99.toFixed(1)} ms`,
            },
          )
        }
      } finally {
        await stop(small.child)
      }
      const large = await startSandbox(["--scenario", "large:10000"])
      try {
        const { OrganizationsClient, paginateListAccounts } = await import("@aws-sdk/client-organizations")
        const client = new OrganizationsClient({
          endpoint: large.url,
          region: "us-east-1",
          credentials: { accessKeyId: "test", secretAccessKey: "test" },
        })
        let accounts = 0
        for await (const page of paginateListAccounts({ client, pageSize: 20 }, {}))
          accounts += page.Accounts?.length ?? 0
        const rss = peakRssMiB(large.child.pid as number)
        measurements.push(
          { metric: "large:10000 accounts listed", value: accounts, unit: "accounts" },
          {
            metric: "large:10000 peak resident memory",
            value: rss,
            unit: "MiB",
            target: { text: "< 1,024 MiB", met: rss < 1024 },
          },
        )
      } finally {
        await stop(large.child)
      }
      return measurements
    },
  },
]
