import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import type { Diagnostic } from "@rampart/model"
import { afterAll, describe, expect, it } from "vitest"
import type { CloudTrailEvent } from "./cloudtrail-event.ts"
import { apiCall, createDbInstance } from "./events.test-support.ts"
import { type ReadEventsOptions, readEventBatches, readEvents } from "./read-events.ts"

const folder = mkdtempSync(join(tmpdir(), "rampart-replay-read-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let files = 0
const write = (name: string, content: string | Buffer): string => {
  const path = join(folder, `${files++}-${name}`)
  writeFileSync(path, content)
  return path
}

const read = async (paths: string | string[], options: ReadEventsOptions = {}) => {
  const events: Array<{ readonly file: string; readonly event: CloudTrailEvent }> = []
  const diagnostics: Diagnostic[] = []
  for await (const item of readEvents(paths, options)) {
    if (item.kind === "event") events.push({ file: item.file, event: item.event })
    else diagnostics.push(item.diagnostic)
  }
  return { events, diagnostics, names: events.map((e) => e.event.eventName) }
}

const three = [
  apiCall("ec2.amazonaws.com", "DescribeInstances"),
  createDbInstance({ encrypted: false }),
  apiCall("iam.amazonaws.com", "GetRole", { requestParameters: { roleName: "Admin" } }),
]
const logFile = JSON.stringify({ Records: three })

describe("reading CloudTrail log files", () => {
  it("reads the Records of a log file, every member replay needs", async () => {
    const { events, diagnostics, names } = await read(write("log.json", logFile))
    expect(diagnostics).toEqual([])
    expect(names).toEqual(["DescribeInstances", "CreateDBInstance", "GetRole"])
    const rds = events[1]?.event
    expect(rds?.eventSource).toBe("rds.amazonaws.com")
    expect(rds?.awsRegion).toBe("eu-west-1")
    expect(rds?.requestParameters).toMatchObject({ engine: "postgres", storageEncrypted: false })
    expect(rds?.userIdentity).toMatchObject({ type: "AssumedRole" })
  })

  it("reads gzip by its magic bytes, whatever the name", async () => {
    const compressed = gzipSync(Buffer.from(logFile))
    expect((await read(write("log.json.gz", compressed))).names).toHaveLength(3)
    expect((await read(write("plain-name.json", compressed))).names).toHaveLength(3)
    expect((await read(write("uncompressed.json.gz", logFile))).names).toHaveLength(3)
  })

  it("gives the same events whatever the read size, across windows and multi-byte characters", async () => {
    const withUnicode = JSON.stringify({
      Records: three.map((e, i) => ({ ...e, userAgent: `agent-é-ü-€-😀-${i}`.repeat(7) })),
    })
    const file = write("unicode.json", withUnicode)
    const whole = await read(file)
    for (const chunkBytes of [7, 64, 333]) {
      const small = await read(file, { chunkBytes })
      expect(small.diagnostics).toEqual([])
      expect(small.names).toEqual(whole.names)
      expect(small.events.map((e) => (e.event as { toJSON(): unknown }).toJSON())).toEqual(
        whole.events.map((e) => (e.event as { toJSON(): unknown }).toJSON()),
      )
    }
    const last = whole.events[2]?.event as { toJSON(): { userAgent: string } } | undefined
    expect(last?.toJSON().userAgent).toContain("😀")
  })

  it("reads pretty-printed files and concatenated log files", async () => {
    const pretty = JSON.stringify({ Records: three }, null, 2)
    expect((await read(write("pretty.json", pretty))).names).toHaveLength(3)
    expect((await read(write("twice.json", `${logFile}\n${logFile}`))).names).toHaveLength(6)
  })

  it("reads an empty Records array and a BOM without complaint", async () => {
    expect(await read(write("empty.json", '{"Records":[]}'))).toMatchObject({ names: [], diagnostics: [] })
    expect((await read(write("bom.json", `\ufeff${logFile}`))).names).toHaveLength(3)
  })
})

describe("reading JSON lines", () => {
  it("reads one event per line", async () => {
    const lines = three.map((e) => JSON.stringify(e)).join("\n")
    expect((await read(write("events.jsonl", `${lines}\n`))).names).toEqual([
      "DescribeInstances",
      "CreateDBInstance",
      "GetRole",
    ])
  })

  it("reports a malformed line with its line and column and reads the lines after it", async () => {
    const lines = [
      JSON.stringify(three[0]),
      '{"eventSource": "ec2.amazonaws.com", "eventName": }',
      JSON.stringify(three[2]),
    ]
    const file = write("broken.jsonl", lines.join("\n"))
    const { names, diagnostics } = await read(file)
    expect(names).toEqual(["DescribeInstances", "GetRole"])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ file, code: "replay.json", position: { line: 2, column: 51 } })
  })

  it("reports a line cut short without losing the next ones", async () => {
    const lines = [JSON.stringify(three[0]).slice(0, 80), JSON.stringify(three[1]), JSON.stringify(three[2])]
    const { names, diagnostics } = await read(write("cut.jsonl", lines.join("\n")))
    expect(names).toEqual(["CreateDBInstance", "GetRole"])
    expect(diagnostics[0]).toMatchObject({ position: { line: 1 } })
  })
})

describe("reading LookupEvents output", () => {
  const page = (events: ReadonlyArray<Record<string, unknown>>, nextTokenFirst = false) => {
    const items = events.map((e, i) => ({
      EventId: `id-${i}`,
      EventName: e.eventName,
      ReadOnly: "false",
      EventTime: "2026-11-20T09:01:02+01:00",
      EventSource: e.eventSource,
      Username: "alice",
      Resources: [],
      CloudTrailEvent: JSON.stringify(e),
    }))
    return JSON.stringify(
      nextTokenFirst ? { NextToken: "abc", Events: items } : { Events: items, NextToken: "abc" },
    )
  }

  it("unwraps the CloudTrailEvent strings", async () => {
    const { names, events } = await read(write("lookup.json", page(three)))
    expect(names).toEqual(["DescribeInstances", "CreateDBInstance", "GetRole"])
    expect(events[1]?.event.requestParameters).toMatchObject({ storageEncrypted: false })
  })

  it("reads pages whose NextToken comes first, and pages as JSON lines", async () => {
    expect((await read(write("lookup-token-first.json", page(three, true)))).names).toHaveLength(3)
    expect((await read(write("pages.jsonl", `${page(three)}\n${page(three)}`))).names).toHaveLength(6)
  })

  it("reports a CloudTrailEvent that is not JSON", async () => {
    const broken = JSON.stringify({ Events: [{ EventId: "x", CloudTrailEvent: '{"eventName": ' }] })
    const { diagnostics } = await read(write("lookup-broken.json", broken))
    expect(diagnostics[0]).toMatchObject({ code: "replay.not-an-event", path: "Events[0].CloudTrailEvent" })
  })
})

describe("reading EventBridge envelopes", () => {
  it("takes the event from detail", async () => {
    const envelope = {
      version: "0",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.rds",
      detail: three[1],
    }
    expect((await read(write("eventbridge.jsonl", JSON.stringify(envelope)))).names).toEqual([
      "CreateDBInstance",
    ])
  })
})

describe("reading directories", () => {
  it("reads every file below, in name order, passing over digests and hidden files", async () => {
    const root = join(folder, "AWSLogs")
    mkdirSync(join(root, "111111111111", "CloudTrail", "eu-west-1", "2026", "11", "20"), { recursive: true })
    mkdirSync(join(root, "111111111111", "CloudTrail-Digest", "eu-west-1"), { recursive: true })
    const day = join(root, "111111111111", "CloudTrail", "eu-west-1", "2026", "11", "20")
    writeFileSync(join(day, "b.json.gz"), gzipSync(JSON.stringify({ Records: [three[2]] })))
    writeFileSync(join(day, "a.json.gz"), gzipSync(JSON.stringify({ Records: [three[0], three[1]] })))
    writeFileSync(join(day, ".DS_Store"), "not json")
    writeFileSync(
      join(root, "111111111111", "CloudTrail-Digest", "eu-west-1", "x_CloudTrail-Digest_y.json.gz"),
      gzipSync('{"awsAccountId":"111111111111"}'),
    )
    const { names, diagnostics, events } = await read(root)
    expect(diagnostics).toEqual([])
    expect(names).toEqual(["DescribeInstances", "CreateDBInstance", "GetRole"])
    expect(events[2]?.file).toBe(join(day, "b.json.gz"))
  })

  it("yields batches per file", async () => {
    const batches = []
    for await (const batch of readEventBatches([write("one.json", logFile), write("two.json", logFile)])) {
      batches.push(batch)
    }
    expect(batches.map((b) => b.events.length)).toEqual([3, 3])
  })
})

describe("malformed input", () => {
  it("reports a truncated log file with the path and position of the cut event", async () => {
    const file = write("truncated.json", logFile.slice(0, logFile.length - 200))
    const { names, diagnostics } = await read(file)
    expect(names).toEqual(["DescribeInstances", "CreateDBInstance"])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({
      file,
      code: "replay.truncated",
      path: "Records[2]",
      position: { line: 1 },
    })
    expect(diagnostics[0]?.position?.column).toBe(logFile.lastIndexOf('{"eventVersion"') + 1)
  })

  it("reports a broken record inside Records and stops reading that file", async () => {
    const broken = logFile.replace('"eventName":"CreateDBInstance"', '"eventName" "CreateDBInstance"')
    const file = write("broken-record.json", broken)
    const { names, diagnostics } = await read(file)
    expect(names).toEqual(["DescribeInstances"])
    expect(diagnostics[0]).toMatchObject({ file, code: "replay.json", path: "Records[1]" })
    // The column of the value that should have followed a colon.
    expect(diagnostics[0]?.position?.column).toBe(broken.indexOf('"eventName" "CreateDBInstance"') + 13)
  })

  it("reports a truncated gzip stream", async () => {
    const compressed = gzipSync(Buffer.from(logFile))
    const { diagnostics } = await read(write("cut.json.gz", compressed.subarray(0, compressed.length - 30)))
    expect(diagnostics.map((d) => d.code)).toContain("replay.gzip")
  })

  it("reports text that is not JSON and values that are not events", async () => {
    const { diagnostics } = await read(write("notes.txt", "these are not events\n"))
    expect(diagnostics[0]).toMatchObject({ code: "replay.not-json", position: { line: 1, column: 1 } })
    const other = await read(write("other.json", '{"awsAccountId": "111111111111"}'))
    expect(other.diagnostics[0]).toMatchObject({ code: "replay.not-an-event" })
  })

  it("reports a missing path", async () => {
    const { diagnostics } = await read(join(folder, "nowhere"))
    expect(diagnostics[0]).toMatchObject({ code: "replay.read", message: "no such file or directory" })
  })

  it("lists at most the configured number of problems per file, then counts the rest", async () => {
    const lines = Array.from({ length: 30 }, () => "{broken").join("\n")
    const { diagnostics } = await read(write("many.jsonl", lines), { maxDiagnosticsPerFile: 5 })
    expect(diagnostics).toHaveLength(6)
    expect(diagnostics[5]).toMatchObject({
      code: "replay.more-problems",
      message: "25 more problems in this file were not listed",
    })
  })
})
