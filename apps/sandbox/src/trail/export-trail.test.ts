import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { eventsPerFile, exportTrail } from "./export-trail.ts"

const event = (account: string, region: string, time: string, id: string) => ({
  eventVersion: "1.09",
  userIdentity: {
    type: "AssumedRole",
    arn: `arn:aws:sts::${account}:assumed-role/Admin/test`,
    accountId: account,
  },
  eventTime: time,
  eventSource: "rds.amazonaws.com",
  eventName: "CreateDBInstance",
  awsRegion: region,
  sourceIPAddress: "127.0.0.1",
  userAgent: "test",
  requestParameters: { dBInstanceIdentifier: "orders" },
  responseElements: null,
  requestID: id,
  eventID: id,
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: account,
  eventCategory: "Management",
})

/** A state directory with `trail/<account>/<region>.jsonl` files. */
const stateDir = (files: Record<string, ReadonlyArray<unknown>>): string => {
  const dir = mkdtempSync(join(tmpdir(), "rampart-export-"))
  for (const [path, lines] of Object.entries(files)) {
    const [account = "", region = ""] = path.split("/")
    mkdirSync(join(dir, "trail", account), { recursive: true })
    writeFileSync(
      join(dir, "trail", account, `${region}.jsonl`),
      `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`,
    )
  }
  return dir
}

const records = (outDir: string, path: string): Array<Record<string, unknown>> =>
  (
    JSON.parse(gunzipSync(readFileSync(join(outDir, path))).toString("utf8")) as {
      Records: Array<Record<string, unknown>>
    }
  ).Records

describe("exportTrail", () => {
  it("writes gzip log files in CloudTrail's layout, one per account, Region and hour", async () => {
    const dir = stateDir({
      "111111111111/us-east-1": [
        event("111111111111", "us-east-1", "2026-01-15T08:05:00Z", "a1"),
        event("111111111111", "us-east-1", "2026-01-15T08:59:59Z", "a2"),
        event("111111111111", "us-east-1", "2026-01-15T09:00:01Z", "a3"),
        "{ torn line",
      ],
      "222222222222/eu-west-1": [event("222222222222", "eu-west-1", "2026-01-16T23:10:00Z", "b1")],
    })
    const out = mkdtempSync(join(tmpdir(), "rampart-export-out-"))
    const result = await exportTrail({ stateDir: dir, outDir: out })
    expect(result).toMatchObject({ files: 3, events: 4, skippedLines: 1 })
    expect(result.scopes).toEqual([
      { account: "111111111111", region: "us-east-1", events: 3, files: 2 },
      { account: "222222222222", region: "eu-west-1", events: 1, files: 1 },
    ])
    for (const path of result.paths)
      expect(path).toMatch(
        /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      )
    expect(result.paths[0]).toMatch(
      /^AWSLogs\/111111111111\/CloudTrail\/us-east-1\/2026\/01\/15\/111111111111_CloudTrail_us-east-1_20260115T0859Z_/,
    )
    expect(records(out, result.paths[0] ?? "").map((r) => r.eventID)).toEqual(["a1", "a2"])
    expect(records(out, result.paths[1] ?? "").map((r) => r.eventID)).toEqual(["a3"])
    expect(result.paths[2]).toMatch(/^AWSLogs\/222222222222\/CloudTrail\/eu-west-1\/2026\/01\/16\//)

    // Exporting again writes the same files.
    const again = await exportTrail({ stateDir: dir, outDir: out })
    expect(again.paths).toEqual(result.paths)
  })

  it("splits busy hours by 1,000 events, and filters by account and time", async () => {
    const many = Array.from({ length: eventsPerFile + 5 }, (_, i) =>
      event(
        "111111111111",
        "us-east-1",
        `2026-01-15T08:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`,
        `e${i}`,
      ),
    )
    const dir = stateDir({
      "111111111111/us-east-1": many,
      "222222222222/us-east-1": [event("222222222222", "us-east-1", "2026-01-15T08:00:00Z", "other")],
    })
    const out = mkdtempSync(join(tmpdir(), "rampart-export-out-"))
    const result = await exportTrail({ stateDir: dir, outDir: out, accounts: ["111111111111"] })
    expect(result.files).toBe(2)
    expect(result.events).toBe(eventsPerFile + 5)
    expect(records(out, result.paths[0] ?? "")).toHaveLength(eventsPerFile)
    expect(records(out, result.paths[1] ?? "")).toHaveLength(5)

    const recent = await exportTrail({
      stateDir: dir,
      outDir: mkdtempSync(join(tmpdir(), "rampart-export-out-")),
      since: "2026-01-15T08:16:00Z",
      organizationId: "o-testorg0001",
    })
    expect(recent.events).toBe(eventsPerFile + 5 - 960)
    expect(recent.paths[0]).toMatch(/^AWSLogs\/o-testorg0001\/111111111111\/CloudTrail\/us-east-1\//)
    expect(await exportTrail({ stateDir: join(dir, "nothing"), outDir: out })).toMatchObject({
      files: 0,
      events: 0,
    })
  })
})
