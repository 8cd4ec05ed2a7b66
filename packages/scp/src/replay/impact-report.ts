import type { Diagnostic } from "@rampart/model"
import type { DecidedBy, DecisionKind } from "../decision.ts"
import type { SkipReason } from "./skip-reason.ts"

/** One event shown as an example of a group. */
export interface ExampleEvent {
  readonly eventId?: string
  readonly eventTime?: string
  /** The file the event was read from, when it came from one. */
  readonly file?: string
  /** The event with its bulky members (responseElements, long values) trimmed. */
  readonly event: unknown
}

/** Events of one principal calling one action in one account that the proposed SCPs treat alike. */
export interface ImpactGroup {
  readonly account: string
  readonly principal: string
  readonly action: string
  readonly count: number
  /** How many of these calls AWS refused at the time (`errorCode` AccessDenied…). */
  readonly deniedInReality: number
  readonly firstSeen?: string
  readonly lastSeen?: string
  /** Up to five of the resources the calls named. */
  readonly resources: ReadonlyArray<string>
  readonly example: ExampleEvent
  /** What the current and proposed hierarchies decided for the example. */
  readonly current: DecisionKind
  readonly proposed: DecisionKind
  /** The statements that decided (for denials) or might decide (for unknowns), from the proposed hierarchy. */
  readonly decidedBy: ReadonlyArray<DecidedBy>
  /** The levels without a matching Allow, for implicit denials. */
  readonly missingAllowAt?: ReadonlyArray<string>
  /** Why, in words (the evaluator's reason). */
  readonly reason: string
  /** For unknown groups: the condition keys CloudTrail did not record and the decision depends on. */
  readonly unknownKeys?: ReadonlyArray<string>
}

/** The counts of a replay. */
export interface ImpactTotals {
  readonly files: number
  readonly eventsRead: number
  readonly evaluated: number
  readonly skipped: number
  readonly skippedByReason: Readonly<Partial<Record<SkipReason, number>>>
  /** Allowed today, denied by the proposed hierarchy. */
  readonly newlyDenied: number
  /** Not denied today, and whether the proposed hierarchy denies them depends on keys CloudTrail did not record. */
  readonly unknown: number
  /** Denied by the current hierarchy already. */
  readonly alreadyDenied: number
  /** Allowed by both. */
  readonly unaffected: number
  /** Not subject to SCPs: the management account's principals and service-linked roles. */
  readonly exempt: number
  /** Calls AWS refused at the time (any verdict). */
  readonly deniedInReality: number
  /** Distinct requests evaluated (events repeat; each distinct request is evaluated once per hierarchy). */
  readonly distinctRequests: number
  readonly diagnostics: number
}

/** What replaying CloudTrail events under the current and the proposed SCPs found. */
export interface ImpactReport {
  readonly totals: ImpactTotals
  /** Most events first. */
  readonly newlyDenied: ReadonlyArray<ImpactGroup>
  readonly unknown: ReadonlyArray<ImpactGroup>
  readonly diagnostics: ReadonlyArray<Diagnostic>
}
