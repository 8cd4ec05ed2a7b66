import { type AwsError, CredentialBroker, Rds } from "@rampart/aws"
import { quantityOf } from "@rampart/model"
import { rolloutJournal } from "@rampart/store"
import { Clock, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { memberScope } from "../read-state.ts"
import { remediationActionById } from "./actions.ts"
import { defaultWaits, type WaitSettings } from "./instance-waits.ts"
import { type StepRecord, stepKey } from "./journaled-step.ts"
import { isInWindow, nextWindowOpening } from "./maintenance-window.ts"
import type { RemediationPlan } from "./plan.ts"
import type { ActionResult } from "./remediation-action.ts"
import { RemediationFailure } from "./remediation-failure.ts"
import { lockOf, type RemediationItem } from "./remediation-item.ts"
import { closeRemediation } from "./remediation-journal.ts"
import type { RemediationAccess, RemediationPolicy } from "./remediation-policy.ts"
import type { Verification } from "./verification.ts"

/** How one item ended. */
export interface ItemResult {
  readonly item: RemediationItem
  readonly outcome: "remediated" | "already-compliant" | "failed" | "not-started"
  /** Why it failed or was not started. */
  readonly message?: string
  readonly verification?: Verification
  readonly steps: ReadonlyArray<StepRecord>
  readonly replacement?: string
  readonly cutover?: ReadonlyArray<string>
}

/** What a run did. */
export interface RemediationReport {
  readonly remediationId: string
  readonly results: ReadonlyArray<ItemResult>
  /** Why the run stopped starting items before the end, if it did. */
  readonly stopped?: string
  readonly counts: {
    readonly remediated: number
    readonly alreadyCompliant: number
    readonly failed: number
    readonly notStarted: number
  }
}

/** What a run reports while it works, for progress displays. */
export type RemediationEvent =
  | { readonly kind: "started"; readonly total: number; readonly resources: number }
  | { readonly kind: "waiting-for-window"; readonly until: string }
  | { readonly kind: "item-started"; readonly item: RemediationItem }
  | { readonly kind: "step"; readonly item: RemediationItem; readonly step: StepRecord }
  | {
      readonly kind: "item-finished"
      readonly result: ItemResult
      readonly done: number
      readonly total: number
      readonly failed: number
    }
  | { readonly kind: "stopped"; readonly reason: string }

/** How a run goes. */
export interface RunSettings {
  readonly remediationId: string
  readonly policy: RemediationPolicy
  readonly access: RemediationAccess
  readonly waits?: WaitSettings
  readonly onEvent?: (event: RemediationEvent) => void
}

/** Failed items tolerated: a count, or a share of the plan's items (0 % tolerates none). */
const errorBudgetOf = (policy: RemediationPolicy, total: number): number =>
  policy.maxErrors.value === 0 ? 0 : quantityOf(policy.maxErrors, total)

/**
 * Runs a plan's items in waves: at most `maxConcurrency` resources at once, the items of one resource (or of one
 * Aurora cluster) one after the other, each started only inside the maintenance window (waiting for it to open,
 * on Effect's Clock). When more items have failed than `maxErrors` allows, nothing new starts; items in flight
 * finish. Each item runs through the remediation role of its account, journals every mutation under the
 * remediation id before making it and is verified by re-evaluating its rule. A rerun with the same id skips
 * every step journaled as applied. Fails only when the journal cannot be written.
 */
export const runRemediation = (
  plan: RemediationPlan,
  settings: RunSettings,
): Effect.Effect<RemediationReport, SqlError, SqlClient | CredentialBroker | Rds> =>
  Effect.gen(function* () {
    const { remediationId, policy, access } = settings
    const waits = settings.waits ?? defaultWaits
    const emit = settings.onEvent ?? (() => {})
    const broker = yield* CredentialBroker
    const rdsService = yield* Rds
    const journaled = new Set((yield* rolloutJournal(remediationId)).map((entry) => entry.idempotencyKey))
    const total = plan.items.length
    const budget = errorBudgetOf(policy, total)
    const groups = new Map<string, RemediationItem[]>()
    for (const item of plan.items) {
      const group = groups.get(lockOf(item))
      if (group) group.push(item)
      else groups.set(lockOf(item), [item])
    }
    const concurrency = Math.max(1, quantityOf(policy.maxConcurrency, groups.size))
    let done = 0
    let failed = 0
    let stopped: string | undefined
    const results = new Map<RemediationItem, ItemResult>()

    const awaitWindow = Effect.gen(function* () {
      const window = policy.maintenanceWindow
      if (window === undefined) return
      for (;;) {
        const now = yield* Clock.currentTimeMillis
        if (isInWindow(window, now)) return
        const opens = nextWindowOpening(window, now)
        if (opens === undefined) {
          stopped = "the maintenance window has no days"
          return
        }
        emit({ kind: "waiting-for-window", until: new Date(opens).toISOString() })
        yield* Effect.sleep(opens - now)
      }
    })

    const attempt = (
      item: RemediationItem,
    ): Effect.Effect<ActionResult, AwsError | RemediationFailure | SqlError, SqlClient> =>
      Effect.gen(function* () {
        const action = remediationActionById.get(item.action)
        if (action === undefined)
          return yield* Effect.fail(new RemediationFailure({ message: `unknown action ${item.action}` }))
        const scope = yield* memberScope(access, item.accountId, item.region).pipe(
          Effect.provideService(CredentialBroker, broker),
        )
        const prefix = `${stepKey(remediationId, item, "")}`
        const journaledSteps = new Set(
          [...journaled].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length)),
        )
        return yield* action.run({
          remediationId,
          item,
          policy,
          rds: rdsService.writer(scope),
          waits,
          journaledSteps,
          onStep: (step) => emit({ kind: "step", item, step }),
        })
      })

    const runItem = (item: RemediationItem) =>
      Effect.gen(function* () {
        yield* awaitWindow
        if (stopped === undefined && failed > budget) {
          stopped = `more than ${budget} failed action${budget === 1 ? "" : "s"} (remediation.maxErrors): nothing new is started`
          emit({ kind: "stopped", reason: stopped })
        }
        if (stopped !== undefined) {
          results.set(item, { item, outcome: "not-started", message: stopped, steps: [] })
          return
        }
        if (!policy.actions.includes(item.action)) {
          // A resumed remediation keeps its stored plan, but never runs an action the policy no longer allows.
          results.set(item, {
            item,
            outcome: "not-started",
            message: `${item.action} is no longer listed in remediation.actions`,
            steps: [],
          })
          return
        }
        emit({ kind: "item-started", item })
        const outcome = yield* attempt(item).pipe(
          Effect.map((r): ItemResult => ({ item, ...r })),
          Effect.catchIf(
            (error): error is AwsError | RemediationFailure => error._tag !== "SqlError",
            (error) =>
              Effect.succeed<ItemResult>({
                item,
                outcome: "failed",
                message:
                  error._tag === "RemediationFailure"
                    ? error.message
                    : `${error._tag} on ${error.service}:${error.operation}: ${error.message}`,
                ...(error._tag === "RemediationFailure" && error.verification !== undefined
                  ? { verification: error.verification }
                  : {}),
                steps: [],
              }),
          ),
        )
        if (outcome.outcome === "failed") failed++
        done++
        results.set(item, outcome)
        emit({ kind: "item-finished", result: outcome, done, total, failed })
      })

    emit({ kind: "started", total, resources: groups.size })
    yield* Effect.forEach(
      [...groups.values()],
      (items) => Effect.forEach(items, runItem, { discard: true }),
      { concurrency, discard: true },
    )
    const ordered = plan.items.map(
      (item) => results.get(item) ?? { item, outcome: "not-started" as const, steps: [] },
    )
    yield* closeRemediation(remediationId, stopped === undefined && failed === 0)
    const count = (outcome: ItemResult["outcome"]) => ordered.filter((r) => r.outcome === outcome).length
    return {
      remediationId,
      results: ordered,
      ...(stopped === undefined ? {} : { stopped }),
      counts: {
        remediated: count("remediated"),
        alreadyCompliant: count("already-compliant"),
        failed: count("failed"),
        notStarted: count("not-started"),
      },
    }
  })
