import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { CloudTrailEvent } from "./cloudtrail-event.ts"

/** How many recent events each account and region keeps in memory for LookupEvents. */
export const eventsKeptInMemory = 20_000

/**
 * Records every call, allowed or refused, as a CloudTrail event of the account it was made in. Recent events stay
 * in memory for LookupEvents; with a state directory every event is also appended to
 * `trail/<account>/<region>.jsonl`, which `export-trail` turns into CloudTrail log files.
 */
export class TrailRecorder {
  readonly #events = new Map<string, CloudTrailEvent[]>()
  readonly #dir: string | undefined

  constructor(stateDir?: string) {
    this.#dir = stateDir === undefined ? undefined : join(stateDir, "trail")
  }

  record(event: CloudTrailEvent): void {
    const key = `${event.recipientAccountId}/${event.awsRegion}`
    let list = this.#events.get(key)
    if (!list) {
      list = []
      this.#events.set(key, list)
    }
    list.push(event)
    if (list.length > eventsKeptInMemory * 1.25) list.splice(0, list.length - eventsKeptInMemory)
    if (this.#dir !== undefined) {
      const folder = join(this.#dir, event.recipientAccountId)
      if (!existsSync(folder)) mkdirSync(folder, { recursive: true })
      appendFileSync(join(folder, `${event.awsRegion}.jsonl`), `${JSON.stringify(event)}\n`)
    }
  }

  /** Events of one account and region, newest first (as LookupEvents answers). */
  events(account: string, region: string): ReadonlyArray<CloudTrailEvent> {
    return [...(this.#events.get(`${account}/${region}`) ?? [])].reverse()
  }

  /** Every account and region that has events in memory. */
  scopes(): ReadonlyArray<{ readonly account: string; readonly region: string }> {
    return [...this.#events.keys()].map((key) => {
      const [account = "", region = ""] = key.split("/")
      return { account, region }
    })
  }

  /** Reads the recent events back from the state directory after a restart. */
  load(): void {
    if (this.#dir === undefined || !existsSync(this.#dir)) return
    for (const account of readdirSync(this.#dir)) {
      for (const file of readdirSync(join(this.#dir, account))) {
        if (!file.endsWith(".jsonl")) continue
        const lines = readFileSync(join(this.#dir, account, file), "utf8")
          .split("\n")
          .filter((l) => l !== "")
        const events = lines.slice(-eventsKeptInMemory).map((l) => JSON.parse(l) as CloudTrailEvent)
        this.#events.set(`${account}/${file.slice(0, -".jsonl".length)}`, events)
      }
    }
  }
}
