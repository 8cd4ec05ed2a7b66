import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Credential } from "../identity/principal.ts"
import { emptyIam, type IamState } from "./iam.ts"
import type { OrganizationState } from "./organization.ts"

/** Everything one account holds: IAM (global), and per region the slices each service keeps. */
export interface AccountState {
  readonly id: string
  iam: IamState
  /** Global service slices other than IAM, by service name. */
  global: Record<string, unknown>
  /** Region -> service name -> that service's state. */
  regions: Record<string, Record<string, unknown>>
}

interface Meta {
  readonly version: 1
  partition: string
  clock: number
  sequence: number
}

/**
 * The sandbox's state, in memory, written to a state directory as it changes: one file per account, one for
 * the organization, one for credentials, so a change costs a small write. A change is on disk before its answer
 * is sent, so a killed sandbox restarts where it was.
 */
export class SandboxStore {
  organization: OrganizationState | undefined
  readonly accounts = new Map<string, AccountState>()
  readonly credentials = new Map<string, Credential>()
  readonly #meta: Meta
  readonly #dir: string | undefined
  readonly #dirty = new Set<string>()

  constructor(
    options: { readonly stateDir?: string; readonly partition?: string; readonly clock?: number } = {},
  ) {
    this.#dir = options.stateDir
    this.#meta = {
      version: 1,
      partition: options.partition ?? "aws",
      clock: options.clock ?? Date.now(),
      sequence: 0,
    }
  }

  get partition(): string {
    return this.#meta.partition
  }

  /** The saved simulated time (after `load`). */
  get savedClock(): number {
    return this.#meta.clock
  }

  /** The account's state, created empty the first time it is asked for. */
  account(id: string): AccountState {
    let account = this.accounts.get(id)
    if (!account) {
      account = { id, iam: emptyIam(), global: {}, regions: {} }
      this.accounts.set(id, account)
      this.#dirty.add(id)
    }
    return account
  }

  /** A service's slice of one account and region, created by `init` the first time. */
  regionSlice<T>(accountId: string, region: string, service: string, init: () => T): T {
    const account = this.account(accountId)
    account.regions[region] ??= {}
    const regional = account.regions[region]
    let slice = regional[service] as T | undefined
    if (slice === undefined) {
      slice = init()
      regional[service] = slice
    }
    return slice
  }

  /** A global service's slice of one account. */
  globalSlice<T>(accountId: string, service: string, init: () => T): T {
    const account = this.account(accountId)
    let slice = account.global[service] as T | undefined
    if (slice === undefined) {
      slice = init()
      account.global[service] = slice
    }
    return slice
  }

  /** Marks what changed, to be written at the next flush: an account id, `organization` or `credentials`. */
  touch(partition: string): void {
    this.#dirty.add(partition)
  }

  /** A new identifier: deterministic for a given sequence, so restarts and tests are repeatable. */
  nextId(prefix: string, length: number, alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"): string {
    this.#meta.sequence++
    this.#dirty.add("meta")
    const digest = createHash("sha256").update(`${prefix}:${this.#meta.sequence}`).digest()
    let out = ""
    for (let i = 0; i < length; i++) out += alphabet[(digest[i % digest.length] ?? 0) % alphabet.length]
    return `${prefix}${out}`
  }

  /** Writes every changed partition (each to a temporary file, then renamed, so a crash never leaves half a file). */
  flush(clockNow: number): void {
    if (this.#dir === undefined || this.#dirty.size === 0) return
    this.#meta.clock = clockNow
    mkdirSync(join(this.#dir, "accounts"), { recursive: true })
    for (const partition of this.#dirty) {
      if (partition === "organization") this.#write("organization.json", this.organization ?? null)
      else if (partition === "credentials") this.#write("credentials.json", [...this.credentials.values()])
      else if (partition === "meta") continue
      else {
        const account = this.accounts.get(partition)
        if (account) this.#write(join("accounts", `${partition}.json`), account)
      }
    }
    this.#write("meta.json", this.#meta)
    this.#dirty.clear()
  }

  /** Writes everything, whether changed or not. */
  flushAll(clockNow: number): void {
    this.#dirty.add("organization")
    this.#dirty.add("credentials")
    for (const id of this.accounts.keys()) this.#dirty.add(id)
    this.flush(clockNow)
  }

  /** True when the state directory holds a saved sandbox. */
  hasSavedState(): boolean {
    return this.#dir !== undefined && existsSync(join(this.#dir, "meta.json"))
  }

  /** Reads a saved sandbox back from the state directory. */
  load(): void {
    if (this.#dir === undefined) return
    const meta = JSON.parse(readFileSync(join(this.#dir, "meta.json"), "utf8")) as Meta
    Object.assign(this.#meta, meta)
    const organization = join(this.#dir, "organization.json")
    if (existsSync(organization))
      this.organization =
        (JSON.parse(readFileSync(organization, "utf8")) as OrganizationState | null) ?? undefined
    const credentials = join(this.#dir, "credentials.json")
    if (existsSync(credentials))
      for (const c of JSON.parse(readFileSync(credentials, "utf8")) as Credential[])
        this.credentials.set(c.accessKeyId, c)
    const accounts = join(this.#dir, "accounts")
    if (existsSync(accounts)) {
      for (const file of readdirSync(accounts)) {
        if (!file.endsWith(".json")) continue
        const account = JSON.parse(readFileSync(join(accounts, file), "utf8")) as AccountState
        this.accounts.set(account.id, account)
      }
    }
    this.#dirty.clear()
  }

  #write(name: string, value: unknown): void {
    const target = join(this.#dir as string, name)
    const temporary = `${target}.tmp`
    writeFileSync(temporary, JSON.stringify(value))
    renameSync(temporary, target)
  }
}
