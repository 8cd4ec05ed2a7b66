import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/** One account and region of a scan. */
export interface ScanTargetRow {
  readonly accountId: string
  readonly region: string
  readonly status: "pending" | "done" | "failed"
  readonly attempts: number
  readonly error?: string
}

/**
 * Starts a scan, or finds it again when it already exists (a rerun after a crash): targets not yet known are
 * added as pending, known ones keep their status. Answers whether the scan was resumed.
 */
export const startScan = (
  scanId: string,
  mode: string,
  targets: ReadonlyArray<{ readonly accountId: string; readonly region: string }>,
  at: Date,
): Effect.Effect<{ readonly resumed: boolean }, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    return yield* sql.withTransaction(
      Effect.gen(function* () {
        const existing = yield* sql<{ id: string }>`SELECT id FROM scans WHERE id = ${scanId}`
        if (existing.length === 0)
          yield* sql`INSERT INTO scans (id, started_at, mode, status) VALUES (${scanId}, ${at}, ${mode}, ${"running"})`
        else yield* sql`UPDATE scans SET status = ${"running"}, finished_at = NULL WHERE id = ${scanId}`
        for (const target of targets) {
          yield* sql`
            INSERT INTO scan_targets (scan_id, account_id, region, status, attempts, updated_at)
            VALUES (${scanId}, ${target.accountId}, ${target.region}, ${"pending"}, 0, ${at})
            ON CONFLICT (scan_id, account_id, region) DO NOTHING`
        }
        return { resumed: existing.length > 0 }
      }),
    )
  })

/** The targets a (resumed) scan still has to collect: pending ones and those that failed. */
export const remainingTargets = (
  scanId: string,
): Effect.Effect<ReadonlyArray<ScanTargetRow>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{
      account_id: string
      region: string
      status: string
      attempts: number
      error: string | null
    }>`
      SELECT account_id, region, status, attempts, error FROM scan_targets WHERE scan_id = ${scanId} AND status <> 'done' ORDER BY account_id, region`
    return rows.map((r) => ({
      accountId: r.account_id,
      region: r.region,
      status: r.status as ScanTargetRow["status"],
      attempts: r.attempts,
      ...(r.error !== null ? { error: r.error } : {}),
    }))
  })

/** Records how one target went. */
export const finishTarget = (
  scanId: string,
  target: { readonly accountId: string; readonly region: string },
  outcome: { readonly status: "done" | "failed"; readonly error?: string },
  at: Date,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`
      UPDATE scan_targets SET status = ${outcome.status}, error = ${outcome.error ?? null}, attempts = attempts + 1, updated_at = ${at}
      WHERE scan_id = ${scanId} AND account_id = ${target.accountId} AND region = ${target.region}`
  })

/** Closes a scan: `complete` when every target is done, `partial` when some failed. */
export const finishScan = (
  scanId: string,
  at: Date,
): Effect.Effect<{ readonly done: number; readonly failed: number }, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const counts = yield* sql<{
      status: string
      count: string | number
    }>`SELECT status, count(*) AS count FROM scan_targets WHERE scan_id = ${scanId} GROUP BY status`
    const of = (status: string) => Number(counts.find((c) => c.status === status)?.count ?? 0)
    const failed = of("failed") + of("pending")
    yield* sql`UPDATE scans SET finished_at = ${at}, status = ${failed === 0 ? "complete" : "partial"} WHERE id = ${scanId}`
    return { done: of("done"), failed }
  })
