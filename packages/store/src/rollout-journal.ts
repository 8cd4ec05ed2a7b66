import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { isoTimestamp } from "./timestamp.ts"

/** Where a journaled mutation stands. */
export type JournalStatus = "intended" | "applied" | "failed" | "rolled-back" | "skipped"

/** A mutation Rampart is about to make, with what was there before. */
export interface JournalIntent {
  readonly rolloutId: string
  /** One key per mutation: the same mutation asked again (a resumed rollout) finds its entry. */
  readonly idempotencyKey: string
  readonly wave: string
  readonly target: string
  readonly action: string
  /** What was there before, as read just now: what a rollback restores. */
  readonly before: unknown
  /** What the mutation sets. */
  readonly after: unknown
}

/** A journal entry as stored. */
export interface JournalEntry extends JournalIntent {
  readonly id: number
  readonly status: JournalStatus
  readonly createdAt: string
  readonly appliedAt?: string
  /** Why it failed or was skipped, in words. */
  readonly message?: string
}

interface Row {
  readonly id: string | number
  readonly rollout_id: string
  readonly idempotency_key: string
  readonly wave: string
  readonly target: string
  readonly action: string
  readonly before_state: unknown
  readonly after_state: unknown
  readonly status: string
  readonly created_at: Date | string
  readonly applied_at: Date | string | null
  readonly message?: string | null
}

/** PostgreSQL drivers answer JSONB as parsed values; some hand back the text. */
const jsonValue = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

const fromRow = (row: Row): JournalEntry => ({
  id: Number(row.id),
  rolloutId: row.rollout_id,
  idempotencyKey: row.idempotency_key,
  wave: row.wave,
  target: row.target,
  action: row.action,
  before: jsonValue(row.before_state),
  after: jsonValue(row.after_state),
  status: row.status as JournalStatus,
  createdAt: isoTimestamp(row.created_at),
  ...(row.applied_at !== null ? { appliedAt: isoTimestamp(row.applied_at) } : {}),
  ...(row.message !== undefined && row.message !== null ? { message: row.message } : {}),
})

/**
 * Journals a mutation before it is made. The first call for an idempotency key records the intent with its
 * before-state; a later call with the same key (a crashed rollout resumed, a second runner) changes nothing and
 * answers the entry as it stands, so the caller sees that the mutation was already applied and does not repeat it,
 * and a rollback restores the before-state read the first time, not one read after the change.
 */
export const journalIntent = (
  intent: JournalIntent,
  at: Date,
): Effect.Effect<JournalEntry, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`
      INSERT INTO rollout_journal (rollout_id, idempotency_key, wave, target, action, before_state, after_state, status, created_at)
      VALUES (${intent.rolloutId}, ${intent.idempotencyKey}, ${intent.wave}, ${intent.target}, ${intent.action},
        ${JSON.stringify(intent.before ?? null)}::jsonb, ${JSON.stringify(intent.after ?? null)}::jsonb, ${"intended"}, ${at})
      ON CONFLICT (idempotency_key) DO NOTHING`
    const rows =
      yield* sql<Row>`SELECT * FROM rollout_journal WHERE idempotency_key = ${intent.idempotencyKey}`
    return fromRow(rows[0] as Row)
  })

/** Records how a journaled mutation ended. Only a recorded intent moves; answers whether one did. */
export const journalOutcome = (
  idempotencyKey: string,
  status: Exclude<JournalStatus, "intended">,
  at: Date,
  message?: string,
): Effect.Effect<boolean, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{ id: string }>`
      UPDATE rollout_journal SET status = ${status}, message = ${message ?? null},
        applied_at = CASE WHEN ${status} = 'applied' THEN ${at}::timestamptz ELSE applied_at END
      WHERE idempotency_key = ${idempotencyKey} RETURNING id`
    return rows.length > 0
  })

/** A rollout's journal in the order its mutations were intended (a rollback walks it backwards). */
export const rolloutJournal = (
  rolloutId: string,
): Effect.Effect<ReadonlyArray<JournalEntry>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<Row>`SELECT * FROM rollout_journal WHERE rollout_id = ${rolloutId} ORDER BY id`
    return rows.map(fromRow)
  })

/**
 * What Rampart last set on each resource it changed, by the journal's `target` (the resource's key): the after-state
 * of the latest applied entry, a rollback's restoration included. Drift compares the live state with these.
 */
export const lastAppliedStates = (): Effect.Effect<ReadonlyArray<JournalEntry>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<Row>`
      SELECT DISTINCT ON (target) * FROM rollout_journal WHERE status = 'applied' ORDER BY target, id DESC`
    return rows.map(fromRow)
  })
