import type { CloudTrail } from "@rampart/aws"
import type { Acknowledgement } from "@rampart/model"
import {
  type CloudTrailEvent,
  type EventBatch,
  type HierarchySet,
  hierarchyFor,
  type ImpactGroup,
  type ImpactReport,
  Replay,
  textOf,
} from "@rampart/scp"
import { Effect, Stream } from "effect"
import { acknowledgementFor } from "./acknowledgement.ts"
import type { GateDecision } from "./gate-decision.ts"
import { type ScopeFor, type UnreadableSource, waveEventSources, wholeSecond } from "./wave-events.ts"

/** What the impact gate replays, and against what. */
export interface ImpactGateSubject {
  readonly accounts: ReadonlyArray<string>
  /** Regions whose events are read (include us-east-1 for IAM, STS and Organizations calls). */
  readonly regions: ReadonlyArray<string>
  readonly window: { readonly since: Date; readonly until: Date }
  /** The SCPs in force on the wave's accounts. */
  readonly current: HierarchySet
  /** The SCPs after the wave, with active exceptions already written into them as exemptions. */
  readonly proposed: HierarchySet
  /** The wave's acknowledgements: newly denied calls they cover do not stop the wave. */
  readonly acknowledgements: ReadonlyArray<Acknowledgement>
}

/** The impact gate reading CloudTrail with LookupEvents through a session per account and Region. */
export interface ImpactGateInput extends ImpactGateSubject {
  readonly scopeFor: ScopeFor
  /** Account and Region pairs read at once (default 4). */
  readonly concurrency?: number
}

/** The impact gate reading events from elsewhere, such as trail files (`readEventBatches` of `@rampart/scp`). */
export interface ImpactGateEventsInput extends ImpactGateSubject {
  /** Events outside the wave's accounts, Regions and window are passed over (an organization trail holds all). */
  readonly events: AsyncIterable<EventBatch> | Iterable<EventBatch>
}

/** A group of calls the proposed SCPs would newly deny, and whether it stops the wave. */
export interface GatedImpactGroup extends ImpactGroup {
  readonly disposition: "blocking" | "acknowledged"
  /** The acknowledgement that accepts the group, with its reason. */
  readonly acknowledgement?: Acknowledgement
}

/** The counts behind the impact gate's decision. */
export interface ImpactGateTotals {
  /** Account and Region pairs read, and those that could not be read. */
  readonly sourcesRead: number
  readonly sourcesUnreadable: number
  /** Distinct accounts with at least one Region that could not be read. */
  readonly accountsUnreadable: number
  /** Events given to the replay (in the wave's accounts, Regions and window). */
  readonly eventsRead: number
  /** Events outside the wave's accounts, Regions or window, passed over (trail files). */
  readonly passedOver: number
  /** Events whose JSON could not be read. */
  readonly malformed: number
  readonly evaluated: number
  readonly skipped: number
  /** Events newly denied, in every group. */
  readonly newlyDeniedEvents: number
  readonly blockingGroups: number
  readonly acknowledgedGroups: number
  readonly unknownGroups: number
}

/** What the impact gate found and decided. */
export interface ImpactGateResult {
  readonly passed: boolean
  readonly decision: GateDecision
  /** Every reason the gate failed; empty when it passed. */
  readonly reasons: ReadonlyArray<string>
  readonly window: { readonly since: Date; readonly until: Date }
  readonly accounts: ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  /** Most events first; blocking and acknowledged groups together. */
  readonly newlyDenied: ReadonlyArray<GatedImpactGroup>
  /**
   * Calls the proposed SCPs may deny depending on a condition key CloudTrail did not record. Listed for a person
   * to review; they do not stop the wave, since most are decided by keys the guardrail tests rarely.
   */
  readonly unknown: ReadonlyArray<ImpactGroup>
  /** Sources that could not be read: the gate fails closed on them, since their calls were not replayed. */
  readonly unreadable: ReadonlyArray<UnreadableSource>
  /** Wave accounts with no current or no proposed SCP hierarchy: they cannot be judged, so the gate fails. */
  readonly withoutHierarchy: ReadonlyArray<string>
  readonly totals: ImpactGateTotals
  /** The replay's whole report (skip reasons, diagnostics). */
  readonly report: ImpactReport
}

/** Which events belong to the wave: its accounts (the recipient), its Regions and its window. */
const inWave = (subject: ImpactGateSubject) => {
  const accounts = new Set(subject.accounts)
  const regions = new Set(subject.regions)
  const since = wholeSecond(subject.window.since).getTime()
  const until = subject.window.until.getTime()
  return (event: CloudTrailEvent): boolean => {
    const account = textOf(event.recipientAccountId)
    const region = textOf(event.awsRegion)
    const time = Date.parse(textOf(event.eventTime) ?? "")
    return (
      account !== undefined &&
      accounts.has(account) &&
      (region === undefined || regions.has(region)) &&
      time >= since &&
      time <= until
    )
  }
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`

/** The gate's decision from a replay's report, the sources read and the acknowledgements. */
const decide = (
  subject: ImpactGateSubject,
  report: ImpactReport,
  read: {
    sources: number
    unreadable: ReadonlyArray<UnreadableSource>
    passedOver: number
    malformed: number
  },
): ImpactGateResult => {
  const newlyDenied = report.newlyDenied.map((group): GatedImpactGroup => {
    const acknowledgement = acknowledgementFor(group, subject.acknowledgements)
    return acknowledgement === undefined
      ? { ...group, disposition: "blocking" }
      : { ...group, disposition: "acknowledged", acknowledgement }
  })
  const blocking = newlyDenied.filter((g) => g.disposition === "blocking")
  const withoutHierarchy = subject.accounts.filter(
    (account) =>
      hierarchyFor(subject.current, account) === undefined ||
      hierarchyFor(subject.proposed, account) === undefined,
  )
  const unreadableAccounts = new Set(read.unreadable.map((u) => u.account))
  const reasons: string[] = []
  if (blocking.length > 0)
    reasons.push(
      `${plural(blocking.length, "group")} of calls would newly be denied without an acknowledgement (${blocking
        .slice(0, 3)
        .map((g) => `${g.principal} calling ${g.action} in ${g.account}`)
        .join("; ")}${blocking.length > 3 ? `; and ${blocking.length - 3} more` : ""})`,
    )
  if (read.unreadable.length > 0)
    reasons.push(
      `the CloudTrail events of ${plural(unreadableAccounts.size, "account")} could not be read, so their calls were not replayed (${read.unreadable
        .slice(0, 3)
        .map((u) => `${u.account} ${u.region}: ${u.reason}`)
        .join("; ")}${read.unreadable.length > 3 ? `; and ${read.unreadable.length - 3} more` : ""})`,
    )
  if (withoutHierarchy.length > 0)
    reasons.push(
      `no current or proposed SCP hierarchy was given for ${plural(withoutHierarchy.length, "account")} (${withoutHierarchy.join(", ")})`,
    )
  const passed = reasons.length === 0
  const acknowledged = newlyDenied.length - blocking.length
  return {
    passed,
    decision: {
      gate: "impact",
      passed,
      reason: passed
        ? `nothing would newly be denied${acknowledged > 0 ? ` beyond ${plural(acknowledged, "acknowledged group")}` : ""}`
        : reasons.join("; "),
    },
    reasons,
    window: subject.window,
    accounts: subject.accounts,
    regions: subject.regions,
    newlyDenied,
    unknown: report.unknown,
    unreadable: read.unreadable,
    withoutHierarchy,
    totals: {
      sourcesRead: read.sources,
      sourcesUnreadable: read.unreadable.length,
      accountsUnreadable: unreadableAccounts.size,
      eventsRead: report.totals.eventsRead,
      passedOver: read.passedOver,
      malformed: read.malformed,
      evaluated: report.totals.evaluated,
      skipped: report.totals.skipped,
      newlyDeniedEvents: report.totals.newlyDenied,
      blockingGroups: blocking.length,
      acknowledgedGroups: acknowledged,
      unknownGroups: report.unknown.length,
    },
    report,
  }
}

/**
 * The impact gate of a wave: replays the recent CloudTrail management events of the wave's accounts (read with
 * LookupEvents) against the current and the proposed SCPs. It fails when a call allowed today would newly be
 * denied and no acknowledgement of the wave covers it, and fails closed when an account's events cannot be read
 * or an account has no hierarchy. Calls whose fate depends on keys CloudTrail did not record are listed as
 * unknown and do not block.
 */
export const impactGate = (input: ImpactGateInput): Effect.Effect<ImpactGateResult, never, CloudTrail> =>
  Effect.gen(function* () {
    const replay = new Replay({ current: input.current, proposed: input.proposed })
    const belongs = inWave(input)
    const unreadable: UnreadableSource[] = []
    let sources = 0
    let passedOver = 0
    let malformed = 0
    const request = {
      accounts: input.accounts,
      regions: input.regions,
      since: input.window.since,
      until: input.window.until,
      scopeFor: input.scopeFor,
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
    }
    yield* Stream.runForEach(waveEventSources(request), (source) =>
      Effect.sync(() => {
        if (!source.ok) {
          const { ok: _, ...rest } = source
          unreadable.push(rest)
          return
        }
        sources++
        malformed += source.malformed
        for (const event of source.events) {
          if (belongs(event)) replay.add(event)
          else passedOver++
        }
      }),
    )
    unreadable.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region))
    return decide(input, replay.report(), { sources, unreadable, passedOver, malformed })
  })

/** The impact gate over events from trail files or another source instead of LookupEvents. */
export const impactGateOfEvents = (input: ImpactGateEventsInput): Effect.Effect<ImpactGateResult> =>
  Effect.promise(async () => {
    const replay = new Replay({ current: input.current, proposed: input.proposed })
    const belongs = inWave(input)
    const files = new Set<string>()
    let passedOver = 0
    for await (const batch of input.events) {
      files.add(batch.file)
      replay.addDiagnostics(batch.diagnostics)
      for (const event of batch.events) {
        if (belongs(event)) replay.add(event, batch.file)
        else passedOver++
      }
    }
    const report = replay.report()
    return decide(input, report, {
      sources: files.size,
      unreadable: [],
      passedOver,
      malformed: report.totals.diagnostics,
    })
  })

const minute = (date: Date): string => date.toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z")

/** The impact gate's result in one paragraph, for the rollout's status and the approval request. */
export const summarizeImpactGate = (result: ImpactGateResult): string => {
  const t = result.totals
  const sentences: string[] = [
    `Impact gate ${result.passed ? "passed" : "failed"}: replayed ${plural(t.eventsRead, "CloudTrail event")} of ${plural(result.accounts.length, "account")} in ${result.regions.join(", ")} from ${minute(result.window.since)} to ${minute(result.window.until)} (${t.evaluated.toLocaleString("en-US")} evaluated, ${t.skipped.toLocaleString("en-US")} not subject to SCPs or not replayable).`,
  ]
  const blocking = result.newlyDenied.filter((g) => g.disposition === "blocking")
  const acknowledged = result.newlyDenied.filter((g) => g.disposition === "acknowledged")
  const describeGroup = (g: ImpactGroup) =>
    `${g.principal} calling ${g.action} in ${g.account} (${plural(g.count, "call")}${g.lastSeen ? `, last ${g.lastSeen}` : ""})`
  if (blocking.length > 0)
    sentences.push(
      `${plural(blocking.length, "group")} would newly be denied and ${blocking.length === 1 ? "stops" : "stop"} the wave: ${blocking
        .slice(0, 3)
        .map(describeGroup)
        .join("; ")}${blocking.length > 3 ? `; and ${blocking.length - 3} more` : ""}.`,
    )
  if (acknowledged.length > 0)
    sentences.push(
      `${plural(acknowledged.length, "group")} would newly be denied but ${acknowledged.length === 1 ? "is" : "are"} acknowledged: ${acknowledged
        .slice(0, 3)
        .map((g) => `${describeGroup(g)}, because ${g.acknowledgement?.reason ?? ""}`)
        .join("; ")}${acknowledged.length > 3 ? `; and ${acknowledged.length - 3} more` : ""}.`,
    )
  if (blocking.length === 0 && acknowledged.length === 0) sentences.push("Nothing would newly be denied.")
  if (result.unknown.length > 0)
    sentences.push(
      `${plural(result.unknown.length, "group")} may be denied depending on condition keys CloudTrail did not record (${[
        ...new Set(result.unknown.flatMap((g) => g.unknownKeys ?? [])),
      ].join(
        ", ",
      )}); ${result.unknown.length === 1 ? "it is listed for review and does not stop" : "they are listed for review and do not stop"} the wave.`,
    )
  if (result.unreadable.length > 0)
    sentences.push(
      `The events of ${plural(t.accountsUnreadable, "account")} could not be read, so the gate fails closed: ${result.unreadable
        .slice(0, 3)
        .map((u) => `${u.account} ${u.region}: ${u.reason}`)
        .join("; ")}${result.unreadable.length > 3 ? `; and ${result.unreadable.length - 3} more` : ""}.`,
    )
  if (t.malformed > 0)
    sentences.push(
      `${plural(t.malformed, "event")} could not be read as CloudTrail JSON and ${t.malformed === 1 ? "was" : "were"} left out.`,
    )
  if (result.withoutHierarchy.length > 0)
    sentences.push(
      `No SCP hierarchy was given for ${result.withoutHierarchy.join(", ")}, so ${result.withoutHierarchy.length === 1 ? "its" : "their"} calls cannot be judged and the gate fails.`,
    )
  return sentences.join(" ")
}
