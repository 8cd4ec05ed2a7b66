import type { AwsError } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import { addScanTargets, finishScan, finishTargets, openScan, recordScanFindings } from "@rampart/store"
import { Clock, Effect, Stream } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
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
 * Collects findings over accounts × regions with bounded concurrency, starting on the first targets while the
 * rest are still being discovered (`targets` may be a stream of batches, as the organization walk gives them).
 * Each target's findings are stored as soon as it is collected, with its status, so a rerun of the same scan id
 * (after a crash) collects only what is not done; a target that fails becomes a collection-failure finding and
 * the scan goes on. `total` in the progress grows while targets are discovered.
 */
export const runScan = <R, E2 = never, R2 = never>(
  scanId: string,
  mode: string,
  targets: ReadonlyArray<ScanTarget> | Stream.Stream<ReadonlyArray<ScanTarget>, E2, R2>,
  collect: (target: ScanTarget) => Effect.Effect<ReadonlyArray<Finding>, AwsError, R>,
  options: ScanOptions = {},
): Effect.Effect<ScanSummary, SqlError | E2, SqlClient | R | R2> =>
  Effect.gen(function* () {
    const started = yield* Clock.currentTimeMillis
    const { resumed } = yield* openScan(scanId, mode, new Date(started))
    let total = 0
    let done = 0
    let skipped = 0
    let failed = 0
    let findings = 0
    const report = (at: number) => options.onProgress?.({ done, total, failed, elapsedMillis: at - started })
    const batches = Array.isArray(targets)
      ? Stream.fromIterable(chunks(targets as ReadonlyArray<ScanTarget>, 500))
      : (targets as Stream.Stream<ReadonlyArray<ScanTarget>, E2, R2>)
    // A target's findings and status are written together, in groups: one transaction per group.
    const collectOne = (target: ScanTarget) =>
      Effect.gen(function* () {
        const outcome = yield* Effect.result(collect(target))
        const at = new Date(yield* Clock.currentTimeMillis)
        return outcome._tag === "Success"
          ? { target, findings: outcome.success, outcome: { ...target, status: "done" as const } }
          : {
              target,
              findings: [collectionFailure(target, outcome.failure, at)],
              outcome: { ...target, status: "failed" as const, error: outcome.failure.message },
            }
      })
    const write = (collected: ReadonlyArray<Effect.Success<ReturnType<typeof collectOne>>>) =>
      Effect.gen(function* () {
        const at = new Date(yield* Clock.currentTimeMillis)
        const sql = yield* SqlClient
        yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* recordScanFindings(
              scanId,
              collected.map((c) => ({ scope: c.target, findings: c.findings })),
              at,
            )
            yield* finishTargets(
              scanId,
              collected.map((c) => c.outcome),
              at,
            )
          }),
        )
        for (const c of collected) {
          if (c.outcome.status === "failed") failed++
          else findings += c.findings.length
        }
        done += collected.length
        report(at.getTime())
      })
    yield* batches.pipe(
      Stream.mapEffect((batch) =>
        Effect.gen(function* () {
          const rows = yield* addScanTargets(scanId, batch, new Date(yield* Clock.currentTimeMillis))
          const finished = new Set(
            rows.filter((r) => r.status === "done").map((r) => `${r.accountId}/${r.region}`),
          )
          const todo = batch.filter((t) => !finished.has(`${t.accountId}/${t.region}`))
          total += batch.length
          skipped += batch.length - todo.length
          done += batch.length - todo.length
          report(yield* Clock.currentTimeMillis)
          return todo
        }),
      ),
      Stream.flattenIterable,
      Stream.mapEffect(collectOne, { concurrency: options.concurrency ?? 32, unordered: true }),
      Stream.buffer({ capacity: 1024 }),
      Stream.groupedWithin(200, "100 millis"),
      Stream.mapEffect(write),
      Stream.runDrain,
    )
    yield* finishScan(scanId, new Date(yield* Clock.currentTimeMillis))
    return { scanId, resumed, collected: total - skipped, skipped, failed, findings }
  })

const chunks = <T>(items: ReadonlyArray<T>, size: number): ReadonlyArray<ReadonlyArray<T>> =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))
