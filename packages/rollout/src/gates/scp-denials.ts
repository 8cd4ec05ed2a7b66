import { type CloudTrail, refusedBy } from "@rampart/aws"
import { type CloudTrailEvent, deriveParts, isRecord, textOf } from "@rampart/scp"
import { Effect, Stream } from "effect"
import type { GateDecision } from "./gate-decision.ts"
import { type UnreadableSource, type WaveEventsRequest, waveEventSources } from "./wave-events.ts"

/** One refused call shown as an example. */
export interface DenialExample {
  readonly eventId?: string
  readonly eventTime?: string
  readonly region?: string
  readonly errorCode: string
  /** AWS's message, which names the service control policy as the cause. */
  readonly errorMessage: string
}

/** The calls of one principal to one action in one account that a service control policy refused. */
export interface ScpDenialGroup {
  readonly account: string
  /** `aws:PrincipalArn` (for a role session, the role), or the caller's ARN when the event names no principal. */
  readonly principal: string
  /** `rds:CreateDBInstance`. */
  readonly action: string
  readonly count: number
  readonly firstSeen?: string
  readonly lastSeen?: string
  /** Up to three. */
  readonly examples: ReadonlyArray<DenialExample>
}

/** The SCP denials in a wave's accounts since the wave started. */
export interface ScpDenials {
  readonly total: number
  /** Most denials first. */
  readonly groups: ReadonlyArray<ScpDenialGroup>
  /** Events looked at. */
  readonly eventsRead: number
  /** Accounts and Regions whose events could not be read: their denials are not counted. */
  readonly unreadable: ReadonlyArray<UnreadableSource>
}

/** Whether an event records a call refused by a service control policy (not by an identity or trust policy). */
export const isScpDenial = (event: CloudTrailEvent): boolean => {
  const code = textOf(event.errorCode)
  const message = textOf(event.errorMessage)
  return code !== undefined && message !== undefined && refusedBy(message) === "scp"
}

/** Who called what, read as replay reads it, or from the raw fields when replay would pass the event over. */
const callOf = (event: CloudTrailEvent): { account: string; principal: string; action: string } => {
  const parts = deriveParts(event)
  if (parts.ok) return { account: parts.account, principal: parts.principal.arn, action: parts.action }
  const identity = isRecord(event.userIdentity) ? event.userIdentity : {}
  const source = textOf(event.eventSource) ?? "unknown"
  return {
    account: textOf(event.recipientAccountId) ?? textOf(identity.accountId) ?? "unknown",
    principal: textOf(identity.arn) ?? "unknown",
    action: `${source.replace(/\.amazonaws\.com$/, "")}:${textOf(event.eventName) ?? "unknown"}`,
  }
}

/** Counts SCP denials among events (from LookupEvents or trail files), grouped by account, principal and action. */
export class ScpDenialCounter {
  readonly #groups = new Map<
    string,
    {
      account: string
      principal: string
      action: string
      count: number
      firstSeen?: string
      lastSeen?: string
      examples: DenialExample[]
    }
  >()
  #read = 0
  #total = 0

  /** Looks at one event; counts it when a service control policy refused the call. */
  add(event: CloudTrailEvent): void {
    this.#read++
    if (!isScpDenial(event)) return
    this.#total++
    const call = callOf(event)
    const key = `${call.account}\u0001${call.principal}\u0001${call.action}`
    let group = this.#groups.get(key)
    if (group === undefined) {
      group = { ...call, count: 0, examples: [] }
      this.#groups.set(key, group)
    }
    group.count++
    const time = textOf(event.eventTime)
    if (time !== undefined) {
      if (group.firstSeen === undefined || time < group.firstSeen) group.firstSeen = time
      if (group.lastSeen === undefined || time > group.lastSeen) group.lastSeen = time
    }
    if (group.examples.length < 3) {
      const eventId = textOf(event.eventID)
      const region = textOf(event.awsRegion)
      group.examples.push({
        ...(eventId !== undefined ? { eventId } : {}),
        ...(time !== undefined ? { eventTime: time } : {}),
        ...(region !== undefined ? { region } : {}),
        errorCode: textOf(event.errorCode) ?? "",
        errorMessage: textOf(event.errorMessage) ?? "",
      })
    }
  }

  /** The denials counted so far, with the sources that could not be read. */
  result(unreadable: ReadonlyArray<UnreadableSource> = []): ScpDenials {
    return {
      total: this.#total,
      groups: [...this.#groups.values()].sort(
        (a, b) =>
          b.count - a.count ||
          a.account.localeCompare(b.account) ||
          a.principal.localeCompare(b.principal) ||
          a.action.localeCompare(b.action),
      ),
      eventsRead: this.#read,
      unreadable,
    }
  }
}

/**
 * The calls in a wave's accounts and Regions since the wave started that a service control policy refused, read
 * from CloudTrail with LookupEvents (AWS records refused calls too, with the refusal's message), grouped by
 * account, principal and action with examples. Identity-policy and trust-policy denials are not counted.
 */
export const newScpDenials = (request: WaveEventsRequest): Effect.Effect<ScpDenials, never, CloudTrail> =>
  Effect.gen(function* () {
    const counter = new ScpDenialCounter()
    const unreadable: UnreadableSource[] = []
    yield* Stream.runForEach(waveEventSources(request), (source) =>
      Effect.sync(() => {
        if (!source.ok) {
          const { ok: _, ...rest } = source
          unreadable.push(rest)
        } else for (const event of source.events) counter.add(event)
      }),
    )
    unreadable.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region))
    return counter.result(unreadable)
  })

const refused = (n: number): string => (n === 1 ? "1 call was refused" : `${n} calls were refused`)

/**
 * The new-SCP-denials gate: fails when more calls than the wave's `maxNewScpDenials` were refused by an SCP, and
 * fails closed when some account's events could not be read.
 */
export const evaluateDenialGate = (denials: ScpDenials, maxNewScpDenials: number): GateDecision => {
  if (denials.unreadable.length > 0) {
    const accounts = [...new Set(denials.unreadable.map((u) => u.account))]
    return {
      gate: "scp-denials",
      passed: false,
      reason: `the CloudTrail events of ${accounts.join(", ")} could not be read, so their SCP denials are unknown (${denials.unreadable[0]?.reason ?? ""})`,
    }
  }
  const top = denials.groups
    .slice(0, 3)
    .map((g) => `${g.principal} calling ${g.action} in ${g.account} (${g.count})`)
    .join("; ")
  if (denials.total > maxNewScpDenials)
    return {
      gate: "scp-denials",
      passed: false,
      reason: `${refused(denials.total)} by a service control policy since the wave started, more than the ${maxNewScpDenials} allowed: ${top}`,
    }
  return {
    gate: "scp-denials",
    passed: true,
    reason: `${refused(denials.total)} by a service control policy since the wave started (at most ${maxNewScpDenials} allowed)${top === "" ? "" : `: ${top}`}`,
  }
}
