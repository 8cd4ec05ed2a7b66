import { journalIntent, journalOutcome, rolloutJournal } from "@rampart/store"
import { Clock, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { remediationWave } from "./journaled-step.ts"
import type { RemediationPlan } from "./plan.ts"

const planKey = (remediationId: string): string => `remediation/${remediationId}/plan`

/** A remediation as started: its plan (the one stored by its first run) and whether this run resumes it. */
export interface OpenedRemediation {
  readonly remediationId: string
  readonly plan: RemediationPlan
  readonly resumed: boolean
}

/**
 * Starts a remediation, or finds it again. The first run stores its plan in the journal (the remediation's
 * intent); a later run with the same id works through that stored plan, not a new one, so a run stopped half-way
 * (a crash, kill -9, the error budget) goes on with exactly the items it had, skipping every step already done.
 */
export const openRemediation = <E, R>(
  remediationId: string,
  makePlan: Effect.Effect<RemediationPlan, E, R>,
): Effect.Effect<OpenedRemediation, E | SqlError, R | SqlClient> =>
  Effect.gen(function* () {
    const stored = (yield* rolloutJournal(remediationId)).find(
      (e) => e.idempotencyKey === planKey(remediationId),
    )
    if (stored !== undefined) return { remediationId, plan: stored.after as RemediationPlan, resumed: true }
    const plan = yield* makePlan
    const entry = yield* journalIntent(
      {
        rolloutId: remediationId,
        idempotencyKey: planKey(remediationId),
        wave: remediationWave,
        target: "*",
        action: "plan",
        before: null,
        after: plan,
      },
      new Date(yield* Clock.currentTimeMillis),
    )
    // Two runs started at once with one id: the first plan stored is the plan.
    return { remediationId, plan: entry.after as RemediationPlan, resumed: false }
  })

/** Marks a remediation finished (`applied`) or stopped (`failed`) in the journal. */
export const closeRemediation = (
  remediationId: string,
  finished: boolean,
): Effect.Effect<boolean, SqlError, SqlClient> =>
  Effect.gen(function* () {
    return yield* journalOutcome(
      planKey(remediationId),
      finished ? "applied" : "failed",
      new Date(yield* Clock.currentTimeMillis),
    )
  })
