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
 * Starts a scan, or finds it again when it already exists (a rerun after a crash), and marks it running. Answers
 * whether the scan was resumed.
 */
export const openScan = (
  scanId: string,
  mode: string,
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
        return { resumed: existing.length > 0 }
      }),
    )
  })

/**
 * Adds targets to a scan as they are discovered: those not yet known become pending, known ones keep their
 * status. Answers each given target's row, so the caller knows which are already done.
 */
export const addScanTargets = (
  scanId: string,
  targets: ReadonlyArray<{ readonly accountId: string; readonly region: string }>,
  at: Date,
): Effect.Effect<ReadonlyArray<ScanTargetRow>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const [first, ...rest] = targets.map((target) => ({
      scan_id: scanId,
      account_id: target.accountId,
      region: target.region,
      status: "pending",
      attempts: 0,
      updated_at: at,
    }))
    if (first === undefined) return []
    const sql = yield* SqlClient
    yield* sql`INSERT INTO scan_targets ${sql.insert([first, ...rest])} ON CONFLICT (scan_id, account_id, region) DO NOTHING`
    const accounts = [...new Set(targets.map((t) => t.accountId))]
    const rows = yield* sql<{
      account_id: string
      region: string
      status: string
      attempts: number
      error: string | null
    }>`SELECT account_id, region, status, attempts, error FROM scan_targets
       WHERE scan_id = ${scanId} AND account_id IN ${sql.in(accounts)}`
    const wanted = new Set(targets.map((t) => `${t.accountId}/${t.region}`))
    return rows.filter((r) => wanted.has(`${r.account_id}/${r.region}`)).map(targetRow)
  })

const targetRow = (r: {
  account_id: string
  region: string
  status: string
  attempts: number
  error: string | null
}): ScanTargetRow => ({
  accountId: r.account_id,
  region: r.region,
  status: r.status as ScanTargetRow["status"],
  attempts: r.attempts,
  ...(r.error !== null ? { error: r.error } : {}),
})

/** How one target of a scan went. */
export interface TargetOutcome {
  readonly accountId: string
  readonly region: string
  readonly status: "done" | "failed"
  readonly error?: string
}

/** Records how targets went, in one statement. */
export const finishTargets = (
  scanId: string,
  outcomes: ReadonlyArray<TargetOutcome>,
  at: Date,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    if (outcomes.length === 0) return
    const sql = yield* SqlClient
    const rows = outcomes.map((o) => ({
      account_id: o.accountId,
      region: o.region,
      status: o.status,
      error: o.error ?? null,
    }))
    yield* sql`
      UPDATE scan_targets AS t SET status = o.status, error = o.error, attempts = t.attempts + 1, updated_at = ${at}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(account_id text, region text, status text, error text)
      WHERE t.scan_id = ${scanId} AND t.account_id = o.account_id AND t.region = o.region`
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
