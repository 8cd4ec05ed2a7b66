import type { AwsError } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import { finishScan, finishTarget, recordFindings, remainingTargets, startScan } from "@rampart/store"
import { Clock, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { collectionFailure } from "./collection-failure.ts"

/** One account and region to collect. */
export interface ScanTarget {
  readonly accountId: string
  readonly region: string
  readonly ouPath?: string
}

/** How far a scan has got, reported after each target. */
export interface ScanProgress {
  readonly done: number
  readonly total: number
  readonly failed: number
  readonly elapsedMillis: number
}

/** What a scan did. */
export interface ScanSummary {
  readonly scanId: string
  readonly resumed: boolean
  /** Targets collected by this run (a resumed run skips those done before). */
  readonly collected: number
  readonly skipped: number
  readonly failed: number
  readonly findings: number
}

export interface ScanOptions {
  /** Targets collected at once (default 32). */
  readonly concurrency?: number
  readonly onProgress?: (progress: ScanProgress) => void
}

/**
 * Collects findings over accounts × regions with bounded concurrency. Each target's findings are stored as soon as
 * it is collected, with its status, so a rerun of the same scan id (after a crash) collects only what is not done;
 * a target that fails becomes a collection-failure finding and the scan goes on.
 */
export const runScan = <R>(
  scanId: string,
  mode: string,
  targets: ReadonlyArray<ScanTarget>,
  collect: (target: ScanTarget) => Effect.Effect<ReadonlyArray<Finding>, AwsError, R>,
  options: ScanOptions = {},
): Effect.Effect<ScanSummary, SqlError, SqlClient | R> =>
  Effect.gen(function* () {
    const started = yield* Clock.currentTimeMillis
    const { resumed } = yield* startScan(scanId, mode, targets, new Date(started))
    const remaining = yield* remainingTargets(scanId)
    const byKey = new Map(targets.map((t) => [`${t.accountId}/${t.region}`, t]))
    const todo = remaining.map(
      (r) => byKey.get(`${r.accountId}/${r.region}`) ?? { accountId: r.accountId, region: r.region },
    )
    let done = targets.length - todo.length
    let failed = 0
    let findings = 0
    yield* Effect.forEach(
      todo,
      (target) =>
        Effect.gen(function* () {
          const outcome = yield* Effect.result(collect(target))
          const at = new Date(yield* Clock.currentTimeMillis)
          if (outcome._tag === "Success") {
            yield* recordFindings(scanId, target, outcome.success, at)
            yield* finishTarget(scanId, target, { status: "done" }, at)
            findings += outcome.success.length
          } else {
            yield* recordFindings(scanId, target, [collectionFailure(target, outcome.failure, at)], at)
            yield* finishTarget(scanId, target, { status: "failed", error: outcome.failure.message }, at)
            failed++
          }
          done++
          options.onProgress?.({ done, total: targets.length, failed, elapsedMillis: at.getTime() - started })
        }),
      { concurrency: options.concurrency ?? 32, discard: true },
    )
    yield* finishScan(scanId, new Date(yield* Clock.currentTimeMillis))
    return {
      scanId,
      resumed,
      collected: todo.length,
      skipped: targets.length - todo.length,
      failed,
      findings,
    }
  })
