import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { isoTimestamp } from "./timestamp.ts"

/** Where a rollout stands. */
export type RolloutStatus =
  | "running"
  | "waiting-for-approval"
  | "paused"
  | "halted"
  | "rolling-back"
  | "rolled-back"
  | "completed"
  | "failed"

/** A rollout as recorded: who started it, with which settings, and where it stands. */
export interface RolloutRecord {
  readonly id: string
  readonly startedBy: string
  readonly startedAt: string
  readonly status: RolloutStatus
  readonly message?: string
  /** What the rollout was started with (configuration file, waves, soak and gate overrides). */
  readonly settings: unknown
  readonly updatedAt: string
}

/** Something that happened in a rollout: a wave started, a gate passed or failed, an approval, a rollback. */
export interface RolloutEvent {
  readonly id: number
  readonly rolloutId: string
  readonly at: string
  readonly wave?: string
  readonly kind: string
  /** Who did it, for people's actions (start, approve, pause, resume, rollback). */
  readonly actor?: string
  readonly detail?: unknown
}

interface RolloutRow {
  readonly id: string
  readonly started_by: string
  readonly started_at: Date | string
  readonly status: string
  readonly message: string | null
  readonly settings: unknown
  readonly updated_at: Date | string
}

interface EventRow {
  readonly id: string | number
  readonly rollout_id: string
  readonly at: Date | string
  readonly wave: string | null
  readonly kind: string
  readonly actor: string | null
  readonly detail: unknown
}

const jsonValue = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

const rolloutOf = (row: RolloutRow): RolloutRecord => ({
  id: row.id,
  startedBy: row.started_by,
  startedAt: isoTimestamp(row.started_at),
  status: row.status as RolloutStatus,
  ...(row.message !== null ? { message: row.message } : {}),
  settings: jsonValue(row.settings),
  updatedAt: isoTimestamp(row.updated_at),
})

const eventOf = (row: EventRow): RolloutEvent => ({
  id: Number(row.id),
  rolloutId: row.rollout_id,
  at: isoTimestamp(row.at),
  ...(row.wave !== null ? { wave: row.wave } : {}),
  kind: row.kind,
  ...(row.actor !== null ? { actor: row.actor } : {}),
  ...(row.detail !== null && row.detail !== undefined ? { detail: jsonValue(row.detail) } : {}),
})

/** Records a new rollout; answers false, changing nothing, when the id is taken. */
export const createRollout = (
  rollout: { readonly id: string; readonly startedBy: string; readonly settings: unknown },
  at: Date,
): Effect.Effect<boolean, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{ id: string }>`
      INSERT INTO rollouts (id, started_by, started_at, status, settings, updated_at)
      VALUES (${rollout.id}, ${rollout.startedBy}, ${at}, ${"running"}, ${JSON.stringify(rollout.settings)}::jsonb, ${at})
      ON CONFLICT (id) DO NOTHING RETURNING id`
    return rows.length > 0
  })

export const findRollout = (id: string): Effect.Effect<RolloutRecord | undefined, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<RolloutRow>`SELECT * FROM rollouts WHERE id = ${id}`
    return rows[0] === undefined ? undefined : rolloutOf(rows[0])
  })

export const setRolloutStatus = (
  id: string,
  status: RolloutStatus,
  at: Date,
  message?: string,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`UPDATE rollouts SET status = ${status}, message = ${message ?? null}, updated_at = ${at} WHERE id = ${id}`
  })

export const recordRolloutEvent = (
  event: Omit<RolloutEvent, "id" | "at">,
  at: Date,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`
      INSERT INTO rollout_events (rollout_id, at, wave, kind, actor, detail)
      VALUES (${event.rolloutId}, ${at}, ${event.wave ?? null}, ${event.kind}, ${event.actor ?? null},
        ${event.detail === undefined ? null : JSON.stringify(event.detail)}::jsonb)`
  })

/** A rollout's events in the order they happened. */
export const rolloutEvents = (id: string): Effect.Effect<ReadonlyArray<RolloutEvent>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<EventRow>`SELECT * FROM rollout_events WHERE rollout_id = ${id} ORDER BY id`
    return rows.map(eventOf)
  })
