import { randomUUID } from "node:crypto"
import { durationMilliseconds } from "@rampart/model"
import type { Credential } from "../identity/principal.ts"
import { signRequest } from "../identity/sign-request.ts"
import type { Operation, ServiceDefinition } from "../operation.ts"
import type { WireRequest, WireResponse } from "../protocol/wire.ts"
import { handleRequest, type SandboxParts } from "../server.ts"
import type { CloudTrailEvent } from "../trail/cloudtrail-event.ts"
import { cloudTrailEventOf } from "../trail/event-of.ts"
import { buildCallRequest } from "./activity-request.ts"
import type { ActivityEntry, Scenario } from "./scenario.ts"

/** What the runner needs of the sandbox's clock. */
export interface ActivityClock {
  /** Simulated epoch milliseconds. */
  readonly now: () => number
  /** Simulated seconds per real second. */
  readonly timeScale: number
}

export interface ActivityRunnerOptions {
  readonly activity: ReadonlyArray<ActivityEntry>
  /** The sandbox's services: protocol, operations and event source of each call. */
  readonly services: ReadonlyArray<ServiceDefinition>
  readonly clock: ActivityClock
  /** The credential of an access key (its secret, session token and principal), as the sandbox knows it. */
  readonly credentials: (accessKeyId: string) => Credential | undefined
  /** Sends a signed request through the sandbox's pipeline (`handleRequest`). */
  readonly send: (request: WireRequest) => Promise<WireResponse>
  /** Records a CloudTrail event at its own (past) time: the trail recorder's `record`. */
  readonly recordPast: (event: CloudTrailEvent) => void
  /** The region of entries that name none (the scenario's first region). */
  readonly defaultRegion: string
  /** Record the `backfill` period at start (false when the sandbox resumed from saved state: already recorded). */
  readonly backfill?: boolean
  /** The longest real wait between two checks of the clock, in milliseconds (default 1000). */
  readonly checkIntervalMs?: number
  /** Missed calls made in one check, per entry, when the clock jumped far ahead (default 50); older ones are skipped. */
  readonly maxCatchUpPerEntry?: number
  /** Hears about every call made and every entry that cannot run, in a line a person reads. */
  readonly log?: (message: string) => void
  /** Hears about every call made, with the sandbox's answer. */
  readonly onCall?: (call: ActivityCall) => void
}

/** One call the runner made, and how the sandbox answered. */
export interface ActivityCall {
  readonly entry: string
  /** The simulated time the call was due. */
  readonly dueAt: number
  readonly status: number
  /** The error code of a refused or failed call (`AccessDenied`, ...). */
  readonly errorCode?: string
}

/** Where one entry stands. */
export interface ActivityStatus {
  readonly name: string
  /** Why the entry does not run (unknown service, operation or access key). */
  readonly inactive?: string
  readonly nextAt?: string
  readonly calls: number
  readonly failures: number
  readonly skipped: number
  readonly backfilled: number
}

interface EntryState {
  readonly entry: ActivityEntry
  readonly every: number
  readonly backfill: number
  readonly region: string
  readonly userAgent: string
  readonly service?: ServiceDefinition
  readonly operation?: Operation
  inactive?: string
  next: number
  /** Calls made so far, backfilled ones included: the `{n}` of the next call is this plus one. */
  sequence: number
  calls: number
  failures: number
  skipped: number
  backfilled: number
}

/** `20261122060000`: a timestamp usable inside resource names. */
const compactTime = (time: number): string => new Date(time).toISOString().replace(/\D/g, "").slice(0, 14)

/** Fills `{n}`, `{time}`, `{account}` and `{region}` in every string of the parameters. */
export const fillPlaceholders = (
  value: unknown,
  values: { readonly n: number; readonly time: number; readonly account: string; readonly region: string },
): unknown => {
  if (typeof value === "string")
    return value.replace(/\{(n|time|account|region)\}/g, (_, name: string) =>
      name === "n"
        ? String(values.n)
        : name === "time"
          ? compactTime(values.time)
          : name === "account"
            ? values.account
            : values.region,
    )
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values))
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)]))
  return value
}

/** The error code of a failed answer, from its JSON `__type` or its XML `<Code>`. */
const errorCodeOf = (response: WireResponse): string | undefined => {
  if (response.status < 300) return undefined
  const header = response.headers["x-amzn-errortype"]
  if (header) return header.split(":")[0]
  return /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1] ?? `HTTP ${response.status}`
}

/**
 * Makes a scenario's background activity happen: each entry's principal calls its operation every `every` of
 * simulated time, through the sandbox's own pipeline (signed with the principal's key, authorized with SCPs and
 * identity policies, recorded in CloudTrail), as a CI pipeline or an application would. A timer checks the
 * simulated clock at least every real second (sooner when the next call is due sooner at the clock's speed), fires
 * the calls that fell due in time order, one at a time, and never overlaps itself.
 *
 * Backfill: at start, the calls of each entry's `backfill` period are recorded directly in CloudTrail at their past
 * times, marked allowed, without running the operation or the authorizer. They stand for what the organization
 * did before the sandbox started (before any guardrail was rolled out), which is what impact analysis replays
 * against a new SCP; running them through the pipeline would need the clock set back and would create resources
 * the past never created.
 */
export class ActivityRunner {
  readonly #options: ActivityRunnerOptions
  readonly #states: EntryState[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  /** The checks asked for so far, one after another. */
  #chain: Promise<void> = Promise.resolve()
  #started = false
  #stopped = false

  constructor(options: ActivityRunnerOptions) {
    this.#options = options
  }

  /** Backfills (unless told not to) and starts the timer; the first calls are due `startAfter` from now. */
  start(): void {
    if (this.#started) return
    this.#started = true
    const now = this.#options.clock.now()
    for (const entry of this.#options.activity) this.#states.push(this.#stateOf(entry, now))
    if (this.#options.backfill !== false) for (const state of this.#states) this.#backfill(state, now)
    this.#schedule()
  }

  /** Stops the timer; resolves when a check in progress has finished. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#chain
  }

  /**
   * Makes every call that is due now, in time order. Checks run one after another: a check asked for while one is
   * in progress starts when it has finished, so calls never overlap.
   */
  tick(): Promise<void> {
    this.#chain = this.#chain
      .then(() => this.#fireDue())
      .catch((error: unknown) => this.#options.log?.(`activity: check failed: ${String(error)}`))
    return this.#chain
  }

  /** Each entry: when it calls next, how many calls it made, failed, skipped and backfilled. */
  status(): ReadonlyArray<ActivityStatus> {
    return this.#states.map((s) => ({
      name: s.entry.name,
      ...(s.inactive === undefined ? { nextAt: new Date(s.next).toISOString() } : { inactive: s.inactive }),
      calls: s.calls,
      failures: s.failures,
      skipped: s.skipped,
      backfilled: s.backfilled,
    }))
  }

  #stateOf(entry: ActivityEntry, now: number): EntryState {
    const service = this.#options.services.find((s) => s.signingName === entry.service)
    const operation = service?.operations.find((o) => o.name === entry.operation)
    const every = durationMilliseconds(entry.every)
    const inactive = !service
      ? `the sandbox does not emulate the service "${entry.service}"`
      : !operation
        ? `the sandbox's ${entry.service} has no operation "${entry.operation}"`
        : !this.#options.credentials(entry.principal)
          ? `the access key "${entry.principal}" does not exist`
          : every <= 0
            ? "`every` must be longer than 0s"
            : undefined
    if (inactive !== undefined) this.#options.log?.(`activity ${entry.name}: not run: ${inactive}`)
    return {
      entry,
      every,
      backfill: entry.backfill === undefined ? 0 : durationMilliseconds(entry.backfill),
      region: service?.global ? "us-east-1" : (entry.region ?? this.#options.defaultRegion),
      userAgent: entry.userAgent ?? `rampart-sandbox-activity/${entry.name}`,
      ...(service ? { service } : {}),
      ...(operation ? { operation } : {}),
      ...(inactive === undefined ? {} : { inactive }),
      next: now + (entry.startAfter === undefined ? every : durationMilliseconds(entry.startAfter)),
      sequence: 0,
      calls: 0,
      failures: 0,
      skipped: 0,
      backfilled: 0,
    }
  }

  /** Records the calls at now - every, now - 2 every, ... back to now - backfill, oldest first. */
  #backfill(state: EntryState, now: number): void {
    const { service, operation } = state
    const credential = this.#options.credentials(state.entry.principal)
    if (state.inactive !== undefined || !service || !operation || !credential || state.backfill <= 0) return
    const count = Math.floor(state.backfill / state.every)
    for (let i = count; i >= 1; i--) {
      const time = now - i * state.every
      state.sequence++
      const parameters = this.#parameters(state, credential, time)
      // Backfilled calls are recorded as allowed, at their past times, without response elements.
      this.#options.recordPast(
        cloudTrailEventOf({
          eventSource: service.eventSource,
          eventName: operation.name,
          readOnly: operation.readOnly,
          credential,
          region: service.global ? "us-east-1" : state.region,
          time,
          requestId: randomUUID(),
          userAgent: state.userAgent,
          input: parameters,
          ...(operation.redact ? { redact: operation.redact } : {}),
        }),
      )
      state.backfilled++
    }
  }

  #parameters(state: EntryState, credential: Credential, time: number): Record<string, unknown> {
    return fillPlaceholders(state.entry.parameters ?? {}, {
      n: state.sequence,
      time,
      account: credential.principal.account,
      region: state.region,
    }) as Record<string, unknown>
  }

  #schedule(): void {
    const active = this.#states.filter((s) => s.inactive === undefined)
    if (this.#stopped || active.length === 0) return
    const limit = this.#options.checkIntervalMs ?? 1000
    const nextDue = Math.min(...active.map((s) => s.next))
    const untilDue = (nextDue - this.#options.clock.now()) / Math.max(this.#options.clock.timeScale, 1e-9)
    const delay = Number.isFinite(untilDue) ? Math.min(limit, Math.max(10, Math.ceil(untilDue))) : limit
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.tick().finally(() => this.#schedule())
    }, delay)
    // The sandbox's server keeps the process alive; the activity timer alone must not.
    this.#timer.unref()
  }

  async #fireDue(): Promise<void> {
    const now = this.#options.clock.now()
    const cap = this.#options.maxCatchUpPerEntry ?? 50
    const due: Array<{ state: EntryState; time: number }> = []
    for (const state of this.#states) {
      if (state.inactive !== undefined) continue
      const missed = state.next > now ? 0 : Math.floor((now - state.next) / state.every) + 1
      if (missed > cap) {
        state.skipped += missed - cap
        state.next += (missed - cap) * state.every
      }
      while (state.next <= now) {
        due.push({ state, time: state.next })
        state.next += state.every
      }
    }
    due.sort((a, b) => a.time - b.time)
    for (const { state, time } of due) {
      if (this.#stopped) return
      await this.#call(state, time)
    }
  }

  async #call(state: EntryState, time: number): Promise<void> {
    const { service, operation } = state
    const credential = this.#options.credentials(state.entry.principal)
    if (!service || !operation) return
    state.sequence++
    state.calls++
    if (!credential) {
      state.failures++
      this.#options.log?.(`activity ${state.entry.name}: the access key "${state.entry.principal}" is gone`)
      return
    }
    let outcome: ActivityCall
    try {
      const unsigned = buildCallRequest(service, operation, {
        parameters: this.#parameters(state, credential, time),
        userAgent: state.userAgent,
      })
      const request = signRequest(unsigned, {
        credentials: {
          accessKeyId: credential.accessKeyId,
          secretAccessKey: credential.secretAccessKey,
          ...(credential.sessionToken === undefined ? {} : { sessionToken: credential.sessionToken }),
        },
        region: state.region,
        service: service.signingName,
        date: new Date(this.#options.clock.now()),
      })
      const response = await this.#options.send(request)
      const errorCode = errorCodeOf(response)
      outcome = {
        entry: state.entry.name,
        dueAt: time,
        status: response.status,
        ...(errorCode === undefined ? {} : { errorCode }),
      }
    } catch (error) {
      outcome = {
        entry: state.entry.name,
        dueAt: time,
        status: 0,
        errorCode: error instanceof Error ? error.message : String(error),
      }
    }
    if (outcome.errorCode !== undefined) state.failures++
    this.#options.onCall?.(outcome)
    this.#options.log?.(
      `activity ${outcome.entry}: ${state.entry.service}:${state.entry.operation} as ${state.entry.principal}` +
        ` -> ${outcome.status}${outcome.errorCode === undefined ? "" : ` ${outcome.errorCode}`}`,
    )
  }
}

/**
 * The runner of a scenario's activity inside a started sandbox: calls go through `handleRequest`, backfilled
 * events to the sandbox's trail. Pass `backfill: false` when the sandbox resumed from its state directory.
 */
export const activityRunnerFor = (
  parts: SandboxParts,
  scenario: Pick<Scenario, "activity" | "regions">,
  options: Partial<
    Pick<ActivityRunnerOptions, "backfill" | "checkIntervalMs" | "maxCatchUpPerEntry" | "log" | "onCall">
  > = {},
): ActivityRunner =>
  new ActivityRunner({
    activity: scenario.activity ?? [],
    services: parts.services,
    clock: parts.clock,
    credentials: (accessKeyId) => parts.store.credentials.get(accessKeyId),
    send: (request) => handleRequest(parts, request),
    recordPast: (event) => parts.trail.record(event),
    defaultRegion: scenario.regions[0] ?? "us-east-1",
    ...options,
  })
