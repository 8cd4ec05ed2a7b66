import { journalIntent, journalOutcome } from "@rampart/store"
import { Clock, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { RemediationItem } from "./remediation-item.ts"

/** The journal wave remediation entries are written under. */
export const remediationWave = "remediation"

/** How a step went: made now, found made by an earlier run of the same remediation, or found already so in AWS. */
export type StepStatus = "applied" | "applied-earlier" | "already-so"

/** One step of an action, as the result reports it. */
export interface StepRecord {
  readonly step: string
  readonly status: StepStatus
}

/** The journal key of one step of one action on one resource: stable across runs of the same remediation. */
export const stepKey = (remediationId: string, item: RemediationItem, step: string): string =>
  ["remediation", remediationId, item.accountId, item.region, item.resourceId, item.action, step].join("/")

/** What a resource is called in the journal. */
export const journalTarget = (item: RemediationItem): string =>
  `${item.accountId}/${item.region}/${item.instanceId}`

const now = Clock.currentTimeMillis.pipe(Effect.map((millis) => new Date(millis)))

/**
 * Makes one mutation at most once per remediation: the intent (with the state before and what it sets) is
 * journaled before the call; an entry already applied by an earlier run skips the call; the outcome is journaled
 * after it. The mutation itself must be repeatable (it is made again when a run stopped between the call and the
 * journaled outcome), so it answers `already-so` when AWS says what it asks is already there.
 */
export const journaledStep = <E, R>(
  remediationId: string,
  item: RemediationItem,
  step: string,
  states: { readonly before: unknown; readonly after: unknown },
  mutation: Effect.Effect<"done" | "already-so", E, R>,
): Effect.Effect<StepRecord, E | SqlError, R | SqlClient> =>
  Effect.gen(function* () {
    const key = stepKey(remediationId, item, step)
    const entry = yield* journalIntent(
      {
        rolloutId: remediationId,
        idempotencyKey: key,
        wave: remediationWave,
        target: journalTarget(item),
        action: `${item.action}:${step}`,
        before: states.before,
        after: states.after,
      },
      yield* now,
    )
    if (entry.status === "applied") return { step, status: "applied-earlier" as const }
    const outcome = yield* mutation.pipe(
      Effect.tapError(() =>
        Effect.flatMap(now, (at) => journalOutcome(key, "failed", at)).pipe(Effect.ignore),
      ),
    )
    yield* journalOutcome(key, "applied", yield* now)
    return { step, status: outcome === "done" ? ("applied" as const) : ("already-so" as const) }
  })
