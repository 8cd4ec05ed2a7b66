import { type JournalEntry, journalIntent, journalOutcome, rolloutJournal } from "@rampart/store"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { type ConvergeError, type ConvergeServices, type ConvergeSettings, converge } from "./converge.ts"
import type { Change } from "./plan.ts"
import type { ResourceState } from "./resource-state.ts"

/** The journal's action for a rollback's restoration, told apart from the changes it undoes. */
export const restoreAction = "restore"

const messageOf = (error: ConvergeError): string =>
  "_tag" in error ? `${error._tag}: ${error.message}` : String(error)

/**
 * Makes one change of a rollout, exactly once: the intent and the before-state are journaled first (a resumed
 * rollout finds the entry and keeps the before-state read the first time), an entry already applied is not made
 * again, and the change itself is idempotent, so a change that was in flight when the process died is repeated
 * harmlessly. Answers whether this call made it.
 */
export const applyChange = (
  rolloutId: string,
  change: Change,
  settings: ConvergeSettings,
  now: Date,
): Effect.Effect<"applied" | "already-applied", ConvergeError | SqlError, ConvergeServices | SqlClient> =>
  Effect.gen(function* () {
    const idempotencyKey = `${rolloutId}:${change.wave}:${change.key}`
    const entry = yield* journalIntent(
      {
        rolloutId,
        idempotencyKey,
        wave: change.wave,
        target: change.key,
        action: change.summary,
        before: change.before,
        after: change.after,
      },
      now,
    )
    if (entry.status === "applied") return "already-applied" as const
    yield* converge(change.after, settings).pipe(
      Effect.tapError((error) => journalOutcome(idempotencyKey, "failed", now, messageOf(error))),
    )
    yield* journalOutcome(idempotencyKey, "applied", now)
    return "applied" as const
  })

/** One resource a rollback dealt with. */
export interface Restoration {
  readonly key: string
  readonly outcome: "restored" | "already-restored" | "skipped"
  readonly message?: string
}

/**
 * The changes of a rollout to undo, latest first, each resource once with the before-state of the first entry
 * that changed it (what was there before the rollout touched it). Entries that were only intended are included:
 * the process may have died after the change was made and before it was recorded.
 */
export const changesToUndo = (journal: ReadonlyArray<JournalEntry>): ReadonlyArray<JournalEntry> => {
  const first = new Map<string, JournalEntry>()
  for (const entry of journal)
    if (entry.action !== restoreAction && entry.status !== "skipped" && !first.has(entry.target))
      first.set(entry.target, entry)
  return [...first.values()].sort((a, b) => b.id - a.id)
}

/**
 * Rolls a rollout back: every resource it changed is converged to its journaled before-state, latest change
 * first (attachments come off before the policies they attach are deleted; member resources after the SCPs). Each
 * restoration is journaled and idempotent like a change, so an interrupted rollback run again finishes the job.
 * What cannot be restored (a compliance-mode lock past its grace time) is skipped and said; any other failure stops
 * the rollback, to be run again.
 */
export const rollBack = <R = never>(
  rolloutId: string,
  settings: ConvergeSettings,
  now: Date,
  onRestored: (restoration: Restoration) => Effect.Effect<void, never, R> = () => Effect.void,
): Effect.Effect<ReadonlyArray<Restoration>, ConvergeError | SqlError, ConvergeServices | SqlClient | R> =>
  Effect.gen(function* () {
    const journal = yield* rolloutJournal(rolloutId)
    const restorations: Restoration[] = []
    for (const entry of changesToUndo(journal)) {
      const idempotencyKey = `${rolloutId}:rollback:${entry.target}`
      const restore = yield* journalIntent(
        {
          rolloutId,
          idempotencyKey,
          wave: entry.wave,
          target: entry.target,
          action: restoreAction,
          before: entry.after,
          after: entry.before,
        },
        now,
      )
      let restoration: Restoration
      if (restore.status === "applied" || restore.status === "skipped") {
        restoration = {
          key: entry.target,
          outcome: restore.status === "applied" ? "already-restored" : "skipped",
          ...(restore.message !== undefined ? { message: restore.message } : {}),
        }
      } else {
        const result = yield* converge(entry.before as ResourceState, settings).pipe(
          Effect.map(() => undefined),
          Effect.catchTag("CannotConverge", (error) => Effect.succeed(error.message)),
          Effect.tapError((error) => journalOutcome(idempotencyKey, "failed", now, messageOf(error))),
        )
        yield* journalOutcome(idempotencyKey, result === undefined ? "applied" : "skipped", now, result)
        restoration = {
          key: entry.target,
          outcome: result === undefined ? "restored" : "skipped",
          ...(result !== undefined ? { message: result } : {}),
        }
      }
      for (const undone of journal)
        if (
          undone.target === entry.target &&
          undone.action !== restoreAction &&
          (undone.status === "applied" || undone.status === "intended")
        )
          yield* journalOutcome(undone.idempotencyKey, "rolled-back", now)
      restorations.push(restoration)
      yield* onRestored(restoration)
    }
    return restorations
  })
