import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { isoTimestamp } from "./timestamp.ts"

/** What a stored snapshot is listed by, without its body. */
export interface OrgSnapshotEntry {
  readonly id: number
  readonly takenAt: string
  readonly organizationId: string
  readonly accounts: number
  readonly ous: number
}

/**
 * Keeps one snapshot of the organization (the tree, accounts, attachments and effective SCPs `org snapshot`
 * reads), so compliance reports can say what the organization looked like when a finding was recorded.
 */
export const recordOrgSnapshot = (
  organizationId: string,
  snapshot: object,
  takenAt: Date,
): Effect.Effect<number, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{ id: number | string }>`
      INSERT INTO org_snapshots (taken_at, organization_id, snapshot)
      VALUES (${takenAt}, ${organizationId}, ${JSON.stringify(snapshot)}::jsonb)
      RETURNING id`
    return Number(rows[0]?.id)
  })

/** The stored snapshots, newest first. */
export const listOrgSnapshots = (
  limit = 100,
): Effect.Effect<ReadonlyArray<OrgSnapshotEntry>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{
      id: number | string
      taken_at: Date | string
      organization_id: string
      accounts: number | string | null
      ous: number | string | null
    }>`
      SELECT id, taken_at, organization_id,
        jsonb_array_length(snapshot -> 'accounts') AS accounts,
        jsonb_array_length(snapshot -> 'ous') AS ous
      FROM org_snapshots ORDER BY taken_at DESC, id DESC LIMIT ${limit}`
    return rows.map((r) => ({
      id: Number(r.id),
      takenAt: isoTimestamp(r.taken_at),
      organizationId: r.organization_id,
      accounts: Number(r.accounts ?? 0),
      ous: Number(r.ous ?? 0),
    }))
  })

/** One stored snapshot's body, or undefined when there is no such snapshot. */
export const readOrgSnapshot = (id: number): Effect.Effect<unknown, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<{ snapshot: unknown }>`SELECT snapshot FROM org_snapshots WHERE id = ${id}`
    const body = rows[0]?.snapshot
    return typeof body === "string" ? JSON.parse(body) : body
  })
