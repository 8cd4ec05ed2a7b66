import { type AwsError, CloudTrail, type Scope } from "@rampart/aws"
import type { CloudTrailEvent } from "@rampart/scp"
import { Effect, Stream } from "effect"

/** The session a gate reads an account's Region with; the caller decides which role (audit, hub, ...). */
export type ScopeFor = (account: string, region: string) => Effect.Effect<Scope, AwsError>

/** Which management events to read: the wave's accounts, in these Regions, between two instants. */
export interface WaveEventsRequest {
  readonly accounts: ReadonlyArray<string>
  /**
   * Regions to read. LookupEvents answers for one Region; calls to global services (IAM, STS, Organizations) are
   * recorded in us-east-1, so list it to see them.
   */
  readonly regions: ReadonlyArray<string>
  readonly since: Date
  readonly until: Date
  readonly scopeFor: ScopeFor
  /** Account and Region pairs read at once (default 4); each client's call limits hold the calls themselves. */
  readonly concurrency?: number
}

/** An account and Region whose events could not be read, and why. */
export interface UnreadableSource {
  readonly account: string
  readonly region: string
  readonly error: AwsError
  /** `AccessDenied (scp) on sts:AssumeRole: ...`, for people. */
  readonly reason: string
}

/** What reading one account and Region gave. */
export type SourceEvents =
  | {
      readonly ok: true
      readonly account: string
      readonly region: string
      readonly events: ReadonlyArray<CloudTrailEvent>
      /** Events whose `CloudTrailEvent` text was not a JSON object (left out of `events`). */
      readonly malformed: number
    }
  | ({ readonly ok: false } & UnreadableSource)

/** The events of a wave's accounts, with the accounts and Regions that could not be read. */
export interface WaveEvents {
  readonly events: ReadonlyArray<CloudTrailEvent>
  /** Events read per account and Region. */
  readonly read: ReadonlyArray<{ readonly account: string; readonly region: string; readonly events: number }>
  readonly unreadable: ReadonlyArray<UnreadableSource>
  readonly malformed: number
}

/** Why an AWS error stopped a read, in one line. */
export const reasonOf = (error: AwsError): string =>
  `${error._tag}${error._tag === "AccessDenied" ? ` (${error.by})` : ""} on ${error.service}:${error.operation}: ${error.message}`

/**
 * CloudTrail records event times to the second, so a window opens at the start of its first second: a call made
 * in the same second as the wave started is in it.
 */
export const wholeSecond = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000)

const parsed = (text: string | undefined): CloudTrailEvent | undefined => {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as CloudTrailEvent)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads one account and Region through LookupEvents, every page, and parses each event's `CloudTrailEvent` JSON
 * into the record replay reads. A failure (the session refused, LookupEvents denied, throttled after the
 * retries) is returned as an unreadable source, never dropped.
 */
const readSource = (
  request: WaveEventsRequest,
  account: string,
  region: string,
): Effect.Effect<SourceEvents, never, CloudTrail> =>
  Effect.gen(function* () {
    const cloudTrail = yield* CloudTrail
    const scope = yield* request.scopeFor(account, region)
    const looked = yield* cloudTrail
      .reader(scope)
      .lookupEvents({ startTime: wholeSecond(request.since), endTime: request.until })
    const events: CloudTrailEvent[] = []
    let malformed = 0
    for (const item of looked) {
      const event = parsed(item.CloudTrailEvent)
      if (event === undefined) malformed++
      else events.push(event)
    }
    return { ok: true as const, account, region, events, malformed }
  }).pipe(
    Effect.catch((error: AwsError) =>
      Effect.succeed({ ok: false as const, account, region, error, reason: reasonOf(error) }),
    ),
  )

/**
 * The management events of each account and Region of a wave, one source at a time as each is read (in no fixed
 * order), with bounded concurrency. Sources that cannot be read come through as `ok: false`.
 */
export const waveEventSources = (
  request: WaveEventsRequest,
): Stream.Stream<SourceEvents, never, CloudTrail> =>
  Stream.fromIterable(
    request.accounts.flatMap((account) => request.regions.map((region) => ({ account, region }))),
  ).pipe(
    Stream.mapEffect(({ account, region }) => readSource(request, account, region), {
      concurrency: request.concurrency ?? 4,
      unordered: true,
    }),
  )

/**
 * The CloudTrail management events of a wave's accounts and Regions in a time window, read with LookupEvents
 * through a session per account, and the accounts and Regions that could not be read.
 */
export const waveEvents = (request: WaveEventsRequest): Effect.Effect<WaveEvents, never, CloudTrail> =>
  Effect.gen(function* () {
    const events: CloudTrailEvent[] = []
    const read: Array<{ account: string; region: string; events: number }> = []
    const unreadable: UnreadableSource[] = []
    let malformed = 0
    yield* Stream.runForEach(waveEventSources(request), (source) =>
      Effect.sync(() => {
        if (!source.ok) {
          const { ok: _, ...rest } = source
          unreadable.push(rest)
          return
        }
        for (const event of source.events) events.push(event)
        read.push({ account: source.account, region: source.region, events: source.events.length })
        malformed += source.malformed
      }),
    )
    const byPlace = (a: { account: string; region: string }, b: { account: string; region: string }) =>
      a.account.localeCompare(b.account) || a.region.localeCompare(b.region)
    return { events, read: read.sort(byPlace), unreadable: unreadable.sort(byPlace), malformed }
  })
