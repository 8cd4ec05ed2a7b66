import { createHash } from "node:crypto"
import { createReadStream, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { gzipSync } from "node:zlib"

/** What to export. */
export interface ExportTrailOptions {
  /** The sandbox's state directory (holding `trail/<account>/<region>.jsonl`). */
  readonly stateDir: string
  /** Where `AWSLogs/...` is written. */
  readonly outDir: string
  /** Only these accounts (all when not given). */
  readonly accounts?: ReadonlyArray<string>
  /** Only events at or after this time. */
  readonly since?: Date | string | number
  /** Write the organization trail layout, `AWSLogs/<organizationId>/<account>/...`. */
  readonly organizationId?: string
}

/** What one account and Region gave. */
export interface ExportedScope {
  readonly account: string
  readonly region: string
  readonly events: number
  readonly files: number
}

/** What an export wrote. */
export interface ExportTrailResult {
  readonly files: number
  readonly events: number
  /** Lines that were not CloudTrail events (torn writes, hand edits): passed over. */
  readonly skippedLines: number
  readonly scopes: ReadonlyArray<ExportedScope>
  /** Every file written, relative to `outDir`. */
  readonly paths: ReadonlyArray<string>
}

/** CloudTrail puts at most this many events in one log file here (it also starts a new file every hour). */
export const eventsPerFile = 1000

const two = (n: number): string => String(n).padStart(2, "0")

/** `20260115T0805Z`: the minute a log file is stamped with. */
const fileStamp = (time: Date): string =>
  `${time.getUTCFullYear()}${two(time.getUTCMonth() + 1)}${two(time.getUTCDate())}T${two(time.getUTCHours())}${two(time.getUTCMinutes())}Z`

/** A 16-character file id, derived from the file's first event so a re-export writes the same names. */
const fileId = (account: string, region: string, firstEventId: string, part: number): string => {
  const digest = createHash("sha256").update(`${account}/${region}/${firstEventId}/${part}`).digest()
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  let id = ""
  for (let i = 0; i < 16; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length]
  return id
}

const sinceOf = (since: ExportTrailOptions["since"]): number => {
  if (since === undefined) return Number.NEGATIVE_INFINITY
  const time = since instanceof Date ? since.getTime() : typeof since === "number" ? since : Date.parse(since)
  if (!Number.isFinite(time)) throw new RangeError(`since is not a time: ${String(since)}`)
  return time
}

interface Pending {
  hour: string
  events: Array<Record<string, unknown>>
  times: number[]
}

/**
 * Writes the sandbox's recorded CloudTrail events as CloudTrail log files, in the layout CloudTrail delivers to
 * S3: `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<yyyymmddThhmmZ>_<id>.json.gz`,
 * each a gzip of `{"Records": [...]}`. A file holds one account and Region's events of one hour, at most
 * `eventsPerFile` of them, stamped with the time of its last event. Reads each `.jsonl` line by line, so the trail
 * can be larger than memory; lines that are not events are counted and passed over.
 */
export const exportTrail = async (options: ExportTrailOptions): Promise<ExportTrailResult> => {
  const root = join(options.stateDir, "trail")
  const since = sinceOf(options.since)
  const wanted = options.accounts === undefined ? undefined : new Set(options.accounts)
  const scopes: ExportedScope[] = []
  const paths: string[] = []
  let skippedLines = 0
  if (!existsSync(root)) return { files: 0, events: 0, skippedLines: 0, scopes, paths }

  for (const account of readdirSync(root).sort()) {
    if (!/^\d{12}$/.test(account) || (wanted && !wanted.has(account))) continue
    for (const file of readdirSync(join(root, account)).sort()) {
      if (!file.endsWith(".jsonl")) continue
      const region = file.slice(0, -".jsonl".length)
      let events = 0
      let files = 0
      const base =
        options.organizationId === undefined
          ? ["AWSLogs", account]
          : ["AWSLogs", options.organizationId, account]
      const flush = (pending: Pending, part: number) => {
        if (pending.events.length === 0) return
        const last = new Date(Math.max(...pending.times))
        const first = pending.events[0]?.eventID
        const name = `${account}_CloudTrail_${region}_${fileStamp(last)}_${fileId(account, region, String(first), part)}.json.gz`
        const folder = [
          ...base,
          "CloudTrail",
          region,
          String(last.getUTCFullYear()),
          two(last.getUTCMonth() + 1),
          two(last.getUTCDate()),
        ]
        mkdirSync(join(options.outDir, ...folder), { recursive: true })
        writeFileSync(
          join(options.outDir, ...folder, name),
          gzipSync(JSON.stringify({ Records: pending.events })),
        )
        paths.push([...folder, name].join("/"))
        files++
      }
      let pending: Pending = { hour: "", events: [], times: [] }
      let part = 0
      const lines = createInterface({
        input: createReadStream(join(root, account, file), { encoding: "utf8" }),
        crlfDelay: Number.POSITIVE_INFINITY,
      })
      for await (const line of lines) {
        if (line.trim() === "") continue
        let event: Record<string, unknown>
        try {
          const value: unknown = JSON.parse(line)
          if (value === null || typeof value !== "object" || Array.isArray(value))
            throw new Error("not an object")
          event = value as Record<string, unknown>
        } catch {
          skippedLines++
          continue
        }
        const time = typeof event.eventTime === "string" ? Date.parse(event.eventTime) : Number.NaN
        if (!Number.isFinite(time)) {
          skippedLines++
          continue
        }
        if (time < since) continue
        const hour = new Date(time).toISOString().slice(0, 13)
        if (hour !== pending.hour || pending.events.length >= eventsPerFile) {
          flush(pending, part++)
          pending = { hour, events: [], times: [] }
        }
        pending.events.push(event)
        pending.times.push(time)
        events++
      }
      flush(pending, part++)
      if (events > 0) scopes.push({ account, region, events, files })
    }
  }
  return {
    files: paths.length,
    events: scopes.reduce((sum, s) => sum + s.events, 0),
    skippedLines,
    scopes,
    paths,
  }
}
