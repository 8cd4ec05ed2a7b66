import { quantityOf, type Wave } from "@rampart/model"
import { Effect, Ref } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { ConvergeServices, ConvergeSettings } from "./converge.ts"
import { applyChange } from "./journaled-change.ts"
import type { Change } from "./plan.ts"
import { resourceAccount } from "./resource-state.ts"

/** One change that failed, and why. */
export interface ChangeFailure {
  readonly key: string
  readonly message: string
}

/** How a wave's changes went. */
export interface WaveApplyResult {
  readonly applied: number
  /** Changes a resumed run found already applied (journaled as applied before the process stopped). */
  readonly alreadyApplied: number
  /** Accounts changed, and those with a failed change. */
  readonly accounts: number
  readonly failedAccounts: ReadonlyArray<string>
  /** Changes not attempted: the rest of a failed account's, and everything once the error budget was spent. */
  readonly notAttempted: number
  readonly failures: ReadonlyArray<ChangeFailure>
  /** Accounts allowed to fail (the wave's error budget, as a count). */
  readonly errorBudget: number
  readonly budgetExceeded: boolean
}

/** Progress of a wave's application, after each change. */
export interface ApplyProgress {
  readonly done: number
  readonly total: number
  readonly change: Change
  readonly outcome: "applied" | "already-applied" | "failed"
}

const failureMessage = (error: { readonly _tag?: string; readonly message?: string }): string =>
  `${error._tag ?? "Error"}: ${error.message ?? String(error)}`

/**
 * Applies a wave's changes. Member accounts go first, `maxConcurrency` of them at once, each account's changes
 * in order (roles, vault, packs); an account whose change fails stops there and counts against the error
 * budget, and once more accounts have failed than the budget allows no further account is started (those in
 * flight finish). The SCPs come last, one change at a time (Organizations takes one change at a time per
 * organization), and only while the budget holds.
 * Every change is journaled and exactly-once (see `applyChange`).
 */
export const applyWave = <R = never>(
  rolloutId: string,
  wave: Wave,
  changes: ReadonlyArray<Change>,
  settings: ConvergeSettings,
  now: Date,
  onProgress: (progress: ApplyProgress) => Effect.Effect<void, never, R> = () => Effect.void,
): Effect.Effect<WaveApplyResult, SqlError, ConvergeServices | SqlClient | R> =>
  Effect.gen(function* () {
    const byAccount = new Map<string, Change[]>()
    const organizationChanges: Change[] = []
    for (const change of changes) {
      const account = resourceAccount(change.after)
      if (account === undefined) organizationChanges.push(change)
      else byAccount.set(account, [...(byAccount.get(account) ?? []), change])
    }
    const budget = quantityOf(wave.errorBudget, byAccount.size)
    const concurrency = Math.max(1, quantityOf(wave.maxConcurrency, byAccount.size))
    const state = yield* Ref.make({ applied: 0, alreadyApplied: 0, done: 0, notAttempted: 0 })
    const failures: ChangeFailure[] = []
    const failedAccounts: string[] = []
    const overBudget = () => failedAccounts.length > budget

    const run = (change: Change) =>
      applyChange(rolloutId, change, settings, now).pipe(
        Effect.map((outcome) => ({ outcome, message: undefined as string | undefined })),
        Effect.catch((error) =>
          error._tag === "SqlError"
            ? Effect.fail(error)
            : Effect.succeed({ outcome: "failed" as const, message: failureMessage(error) }),
        ),
        Effect.tap(({ outcome }) =>
          Ref.updateAndGet(state, (s) => ({
            ...s,
            done: s.done + 1,
            applied: s.applied + (outcome === "applied" ? 1 : 0),
            alreadyApplied: s.alreadyApplied + (outcome === "already-applied" ? 1 : 0),
          })).pipe(
            Effect.flatMap((s) => onProgress({ done: s.done, total: changes.length, change, outcome })),
          ),
        ),
      )

    const skip = (n: number) => Ref.update(state, (s) => ({ ...s, notAttempted: s.notAttempted + n }))

    yield* Effect.forEach(
      byAccount,
      ([account, list]) =>
        Effect.gen(function* () {
          if (overBudget()) return yield* skip(list.length)
          for (const [i, change] of list.entries()) {
            const result = yield* run(change)
            if (result.outcome === "failed") {
              failures.push({ key: change.key, message: result.message ?? "" })
              failedAccounts.push(account)
              return yield* skip(list.length - i - 1)
            }
          }
        }),
      { concurrency, discard: true },
    )
    for (const [i, change] of organizationChanges.entries()) {
      if (overBudget()) {
        yield* skip(organizationChanges.length - i)
        break
      }
      const result = yield* run(change)
      if (result.outcome === "failed") {
        failures.push({ key: change.key, message: result.message ?? "" })
        yield* skip(organizationChanges.length - i - 1)
        break
      }
    }
    const final = yield* Ref.get(state)
    return {
      applied: final.applied,
      alreadyApplied: final.alreadyApplied,
      accounts: byAccount.size,
      failedAccounts,
      notAttempted: final.notAttempted,
      failures,
      errorBudget: budget,
      // A failed SCP change is never within budget: the wave's guardrail did not land.
      budgetExceeded: overBudget() || failures.length > failedAccounts.length,
    }
  })
