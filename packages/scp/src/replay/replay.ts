import type { Diagnostic } from "@rampart/model"
import type { DecidedBy, Decision } from "../decision.ts"
import { compileHierarchy } from "../evaluate/index.ts"
import type { Hierarchy } from "../hierarchy.ts"
import type { ContextValue, Request } from "../request.ts"
import { type CloudTrailEvent, textOf } from "./cloudtrail-event.ts"
import {
  type DeriveOptions,
  deriveParts,
  eventKeys,
  principalKeys,
  type ReplayRequest,
  type RequestParts,
  requestOf,
} from "./derive-request.ts"
import { type HierarchySet, hierarchiesOf, hierarchyFor } from "./hierarchy-set.ts"
import type { ExampleEvent, ImpactGroup, ImpactReport } from "./impact-report.ts"
import { type PolicyReach, policyReach } from "./policy-reach.ts"
import type { Principal } from "./principal.ts"
import type { EventBatch } from "./read-events.ts"
import { serviceKeys } from "./services/registry.ts"
import type { SkipReason } from "./skip-reason.ts"
import { trimEvent } from "./trim-event.ts"

/** The SCPs in force and the SCPs proposed. */
export interface ReplayInput {
  readonly current: HierarchySet
  readonly proposed: HierarchySet
}

/** Evaluates requests under one hierarchy. */
export interface Evaluator {
  readonly evaluate: (request: Request) => Decision
}

export interface ReplayOptions {
  /** Compiles a hierarchy for evaluation; the SCP evaluator's `compileHierarchy` unless a test gives another. */
  readonly compile?: (hierarchy: Hierarchy) => Evaluator
  /** Distinct requests remembered (default 200,000); past that the memory of decisions starts over. */
  readonly memoLimit?: number
}

/** How the proposed hierarchy changes the fate of a request. */
type Verdict = "newly-denied" | "unknown" | "already-denied" | "unaffected" | "exempt"

interface Outcome {
  readonly verdict: Verdict
  readonly current: Decision
  readonly proposed: Decision
}

const isDeny = (decision: Decision): boolean =>
  decision.decision === "ExplicitDeny" || decision.decision === "ImplicitDeny"

/**
 * Unknown covers both doubts: the proposed hierarchy may deny a request allowed today, or certainly denies one
 * whose fate today is undecided. Either way nobody can tell from the log whether the change breaks it.
 */
const verdictOf = (current: Decision, proposed: Decision): Verdict => {
  if (current.exempt !== undefined || proposed.exempt !== undefined) return "exempt"
  if (isDeny(current)) return "already-denied"
  if (proposed.decision === "Unknown") return "unknown"
  if (isDeny(proposed)) return current.decision === "Allow" ? "newly-denied" : "unknown"
  return "unaffected"
}

const absentMark = "\u0002"
const unknownMark = "\u0003"
const separator = "\u0001"

const hasMark = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 1 && c <= 5) return true
  }
  return false
}

/** Values holding the marks are written as JSON (which escapes them), so no two keys can run together. */
const escapeValue = (value: string): string => (hasMark(value) ? `\u0005${JSON.stringify(value)}` : value)

/** A key's value in a memo key: the value, or a mark for absent or unknown. */
const encode = (
  context: Readonly<Record<string, ContextValue>> | undefined,
  absentKeys: ReadonlyArray<string> | undefined,
  key: string,
): string => {
  const value: ContextValue | undefined = context?.[key]
  if (value === undefined) return absentKeys?.includes(key) ? absentMark : unknownMark
  return typeof value === "string" ? escapeValue(value) : value.map(escapeValue).join("\u0004")
}

/** Keys read from the parts of a request without building it. */
const cheapKeys = ["aws:RequestedRegion", ...serviceKeys]

const encodeParts = (parts: RequestParts, key: string): string =>
  key === "aws:RequestedRegion"
    ? parts.region === undefined
      ? unknownMark
      : escapeValue(parts.region)
    : encode(parts.details.context, parts.details.absentKeys, key)

/** Whether the request records the key (a value, or known absence), matching names case-insensitively. */
const knows = (request: ReplayRequest, key: string): boolean => {
  const lower = key.toLowerCase()
  for (const name in request.context) if (name.toLowerCase() === lower) return true
  return request.absentKeys.some((name) => name.toLowerCase() === lower)
}

class GroupBuilder {
  readonly account: string
  readonly principal: string
  readonly action: string
  readonly example: ExampleEvent
  readonly outcome: Outcome
  count = 0
  deniedInReality = 0
  firstSeen: string | undefined
  lastSeen: string | undefined
  readonly resources = new Set<string>()
  readonly decidedBy = new Map<string, DecidedBy>()
  readonly unknownKeys = new Set<string>()

  constructor(request: ReplayRequest, outcome: Outcome, example: ExampleEvent) {
    this.account = request.account
    this.principal = request.principalArn
    this.action = request.action
    this.outcome = outcome
    this.example = example
  }

  add(request: ReplayRequest, outcome: Outcome, time: string | undefined, denied: boolean): void {
    this.count++
    if (denied) this.deniedInReality++
    if (time !== undefined) {
      if (this.firstSeen === undefined || time < this.firstSeen) this.firstSeen = time
      if (this.lastSeen === undefined || time > this.lastSeen) this.lastSeen = time
    }
    if (this.resources.size < 5 && request.resource !== undefined && request.resource !== "*") {
      this.resources.add(request.resource)
    }
    for (const by of outcome.proposed.decidedBy)
      this.decidedBy.set(`${by.level}|${by.policy}|${by.statement}`, by)
    const undecided = outcome.proposed.decision === "Unknown" ? outcome.proposed : outcome.current
    // The evaluator names every key of the undecided statements; keep those this request does not record.
    for (const key of undecided.unknownKeys ?? []) if (!knows(request, key)) this.unknownKeys.add(key)
  }

  build(withUnknownKeys: boolean): ImpactGroup {
    const { current, proposed } = this.outcome
    const reason =
      current.decision === "Unknown" && proposed.decision !== "Unknown"
        ? `${proposed.reason}; today ${current.reason}`
        : proposed.reason
    return {
      account: this.account,
      principal: this.principal,
      action: this.action,
      count: this.count,
      deniedInReality: this.deniedInReality,
      ...(this.firstSeen !== undefined ? { firstSeen: this.firstSeen } : {}),
      ...(this.lastSeen !== undefined ? { lastSeen: this.lastSeen } : {}),
      resources: [...this.resources],
      example: this.example,
      current: current.decision,
      proposed: proposed.decision,
      decidedBy: [...this.decidedBy.values()],
      ...(proposed.missingAllowAt ? { missingAllowAt: proposed.missingAllowAt } : {}),
      reason,
      ...(withUnknownKeys ? { unknownKeys: [...this.unknownKeys].sort() } : {}),
    }
  }
}

const byImpact = (a: ImpactGroup, b: ImpactGroup): number =>
  b.count - a.count ||
  a.account.localeCompare(b.account) ||
  a.principal.localeCompare(b.principal) ||
  a.action.localeCompare(b.action)

/**
 * Replays CloudTrail events under the current and the proposed SCPs and collects what the proposal would newly
 * deny, and what it might deny depending on what CloudTrail did not record, grouped by account, principal and
 * action. Each distinct request is evaluated once: requests that agree on what the policies can look at
 * (policy-reach.ts) share their decisions, which keeps a replay of millions of events to a few thousand
 * evaluations.
 */
export class Replay {
  readonly #input: ReplayInput
  readonly #compile: (hierarchy: Hierarchy) => Evaluator
  readonly #memoLimit: number
  readonly #reach: PolicyReach
  readonly #deriveOptions: DeriveOptions
  readonly #principalKeys: ReadonlyArray<string>
  /** Relevant keys found in the parts of a request, and those that need the whole request. */
  readonly #cheapKeys: ReadonlyArray<string>
  readonly #costlyKeys: ReadonlyArray<string>
  readonly #compiled = new Map<Hierarchy, Evaluator>()
  readonly #byAccount = new Map<
    string,
    { readonly current: Evaluator; readonly proposed: Evaluator } | null
  >()
  /** Decisions by principal, then action, then the rest of what the policies can see. */
  #memoByPrincipal = new WeakMap<Principal, Map<string, Map<string, Outcome>>>()
  readonly #memoByPrincipalKey = new Map<string, Map<string, Map<string, Outcome>>>()
  #memoSize = 0
  #distinct = 0
  readonly #sharedEvents = new Set<string>()
  readonly #newlyDenied = new Map<string, GroupBuilder>()
  readonly #unknown = new Map<string, GroupBuilder>()
  readonly #diagnostics: Diagnostic[] = []
  readonly #files = new Set<string>()
  readonly #skipped: Partial<Record<SkipReason, number>> = {}
  #read = 0
  #skippedTotal = 0
  #counts = { "newly-denied": 0, unknown: 0, "already-denied": 0, unaffected: 0, exempt: 0 }
  #deniedInReality = 0

  constructor(input: ReplayInput, options: ReplayOptions = {}) {
    this.#input = input
    this.#compile = options.compile ?? compileHierarchy
    this.#memoLimit = options.memoLimit ?? 200_000
    this.#reach = policyReach([...hierarchiesOf(input.current), ...hierarchiesOf(input.proposed)])
    this.#deriveOptions = { keys: this.#reach.keys, resources: this.#reach.resources }
    const relevant = (keys: ReadonlyArray<string>) =>
      keys.filter((key) => this.#reach.keys.has(key.toLowerCase()))
    this.#principalKeys = relevant(principalKeys)
    this.#cheapKeys = relevant(cheapKeys)
    // The account is part of every memo key, so aws:PrincipalAccount need not be.
    this.#costlyKeys = relevant(eventKeys).filter(
      (key) => key !== "aws:PrincipalAccount" && !cheapKeys.includes(key),
    )
  }

  /** Replays one batch read by `readEventBatches`. */
  addBatch(batch: EventBatch): void {
    if (batch.events.length > 0) this.#files.add(batch.file)
    for (const diagnostic of batch.diagnostics) this.#diagnostics.push(diagnostic)
    for (const event of batch.events) this.add(event, batch.file)
  }

  /** Replays one event. */
  add(event: CloudTrailEvent, file?: string): void {
    this.#read++
    const parts = deriveParts(event, this.#deriveOptions)
    if (!parts.ok) {
      this.#skip(parts.reason)
      return
    }
    const shared = event.sharedEventID
    if (typeof shared === "string") {
      if (this.#sharedEvents.has(shared)) {
        this.#skip("duplicate")
        return
      }
      this.#sharedEvents.add(shared)
    }
    const decided = this.#outcome(parts)
    if (decided === "no-hierarchy" || decided === "malformed-event") {
      this.#skip(decided)
      return
    }
    const { outcome } = decided
    this.#counts[outcome.verdict]++
    if (parts.deniedInReality) this.#deniedInReality++
    if (outcome.verdict !== "newly-denied" && outcome.verdict !== "unknown") return
    const request = decided.request ?? this.#request(parts)
    if (request === undefined) return
    const groups = outcome.verdict === "newly-denied" ? this.#newlyDenied : this.#unknown
    const key = `${request.account}${separator}${request.principalArn}${separator}${request.action}`
    let group = groups.get(key)
    if (group === undefined) {
      const eventId = textOf(event.eventID)
      const eventTime = textOf(event.eventTime)
      group = new GroupBuilder(request, outcome, {
        ...(eventId !== undefined ? { eventId } : {}),
        ...(eventTime !== undefined ? { eventTime } : {}),
        ...(file !== undefined ? { file } : {}),
        event: trimEvent(event),
      })
      groups.set(key, group)
    }
    group.add(request, outcome, textOf(event.eventTime), parts.deniedInReality)
  }

  /** Adds problems met while reading, to be listed in the report. */
  addDiagnostics(diagnostics: ReadonlyArray<Diagnostic>): void {
    this.#diagnostics.push(...diagnostics)
  }

  /** What the events replayed so far show. */
  report(): ImpactReport {
    const evaluated =
      this.#counts["newly-denied"] +
      this.#counts.unknown +
      this.#counts["already-denied"] +
      this.#counts.unaffected +
      this.#counts.exempt
    return {
      totals: {
        files: this.#files.size,
        eventsRead: this.#read,
        evaluated,
        skipped: this.#skippedTotal,
        skippedByReason: { ...this.#skipped },
        newlyDenied: this.#counts["newly-denied"],
        unknown: this.#counts.unknown,
        alreadyDenied: this.#counts["already-denied"],
        unaffected: this.#counts.unaffected,
        exempt: this.#counts.exempt,
        deniedInReality: this.#deniedInReality,
        distinctRequests: this.#distinct,
        diagnostics: this.#diagnostics.length,
      },
      newlyDenied: [...this.#newlyDenied.values()].map((g) => g.build(false)).sort(byImpact),
      unknown: [...this.#unknown.values()].map((g) => g.build(true)).sort(byImpact),
      diagnostics: [...this.#diagnostics],
    }
  }

  #skip(reason: SkipReason): void {
    this.#skippedTotal++
    this.#skipped[reason] = (this.#skipped[reason] ?? 0) + 1
  }

  #evaluators(account: string): { readonly current: Evaluator; readonly proposed: Evaluator } | null {
    let pair = this.#byAccount.get(account)
    if (pair !== undefined) return pair
    const current = hierarchyFor(this.#input.current, account)
    const proposed = hierarchyFor(this.#input.proposed, account)
    pair =
      current && proposed ? { current: this.#compiled1(current), proposed: this.#compiled1(proposed) } : null
    this.#byAccount.set(account, pair)
    return pair
  }

  #compiled1(hierarchy: Hierarchy): Evaluator {
    let evaluator = this.#compiled.get(hierarchy)
    if (evaluator === undefined) {
      evaluator = this.#compile(hierarchy)
      this.#compiled.set(hierarchy, evaluator)
    }
    return evaluator
  }

  /** The whole request; undefined when a member it needs is not valid JSON. */
  #request(parts: RequestParts): ReplayRequest | undefined {
    try {
      return requestOf(parts, this.#deriveOptions)
    } catch (error) {
      if (error instanceof SyntaxError) return undefined
      throw error
    }
  }

  /**
   * The decisions for a request, from memory when an equivalent request was evaluated before. Memory is keyed by
   * principal, then action, then account, resource and the keys the policies read; the whole request is built
   * only when a policy reads a key that costs work per event (times, addresses), or to evaluate it.
   */
  #outcome(
    parts: RequestParts,
  ): { readonly outcome: Outcome; readonly request?: ReplayRequest } | "no-hierarchy" | "malformed-event" {
    const byAction = this.#principalMemo(parts.principal)
    let memo = byAction.get(parts.action)
    if (memo === undefined) {
      memo = new Map()
      byAction.set(parts.action, memo)
    }
    let request: ReplayRequest | undefined
    let key = parts.account
    if (this.#reach.resources) key += separator + parts.resource
    // Without service details every service key is unknown, the same for every event of the action: leave them
    // out, so that most keys are the account alone, a string whose hash is already known.
    const details = parts.details.context !== undefined || parts.details.absentKeys !== undefined
    for (const name of this.#cheapKeys) {
      if (details || name === "aws:RequestedRegion") key += separator + encodeParts(parts, name)
    }
    if (this.#costlyKeys.length > 0) {
      request = this.#request(parts)
      if (request === undefined) return "malformed-event"
      for (const name of this.#costlyKeys)
        key += separator + encode(request.context, request.absentKeys, name)
    }
    const known = memo.get(key)
    if (known !== undefined) return { outcome: known, ...(request ? { request } : {}) }
    const evaluators = this.#evaluators(parts.account)
    if (evaluators === null) return "no-hierarchy"
    request ??= this.#request(parts)
    if (request === undefined) return "malformed-event"
    const current = evaluators.current.evaluate(request)
    const proposed = evaluators.proposed.evaluate(request)
    const outcome: Outcome = { verdict: verdictOf(current, proposed), current, proposed }
    this.#distinct++
    if (++this.#memoSize > this.#memoLimit) {
      this.#memoByPrincipalKey.clear()
      this.#memoByPrincipal = new WeakMap()
      this.#memoSize = 0
    } else memo.set(key, outcome)
    return { outcome, request }
  }

  /** The memory of one principal, shared by every principal object that looks the same to the policies. */
  #principalMemo(principal: Principal): Map<string, Map<string, Outcome>> {
    let byAction = this.#memoByPrincipal.get(principal)
    if (byAction !== undefined) return byAction
    let key = principal.arn
    for (const name of this.#principalKeys)
      key += separator + encode(principal.context, principal.absentKeys, name)
    byAction = this.#memoByPrincipalKey.get(key)
    if (byAction === undefined) {
      byAction = new Map()
      this.#memoByPrincipalKey.set(key, byAction)
    }
    this.#memoByPrincipal.set(principal, byAction)
    return byAction
  }
}

/** Replays every batch of events and returns the report. */
export const replayEvents = async (
  batches: AsyncIterable<EventBatch> | Iterable<EventBatch>,
  input: ReplayInput,
  options: ReplayOptions = {},
): Promise<ImpactReport> => {
  const replay = new Replay(input, options)
  for await (const batch of batches) replay.addBatch(batch)
  return replay.report()
}
