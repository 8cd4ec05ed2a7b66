import { type Finding, findingKey } from "@rampart/model"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { isoTimestamp } from "./timestamp.ts"

/** A stored finding with its history markers. */
export interface StoredFinding extends Finding {
  readonly key: string
  readonly firstSeen: string
  readonly lastSeen: string
  readonly resolvedAt?: string
}

interface Row {
  readonly key: string
  readonly account_id: string
  readonly ou_path: string | null
  readonly region: string
  readonly guardrail: string | null
  readonly rule: string
  readonly resource_type: string
  readonly resource_id: string
  readonly status: string
  readonly annotation: string | null
  readonly evaluated_at: Date | string
  readonly first_seen: Date | string
  readonly last_seen: Date | string
  readonly resolved_at: Date | string | null
  readonly exception: string | null
}

const fromRow = (row: Row): StoredFinding => ({
  key: row.key,
  kind: row.rule.startsWith("collection:") ? "collection-failure" : "evaluation",
  accountId: row.account_id,
  region: row.region,
  rule: row.rule,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  status: row.status as Finding["status"],
  evaluatedAt: isoTimestamp(row.evaluated_at),
  firstSeen: isoTimestamp(row.first_seen),
  lastSeen: isoTimestamp(row.last_seen),
  ...(row.ou_path !== null ? { ouPath: row.ou_path } : {}),
  ...(row.guardrail !== null ? { guardrail: row.guardrail } : {}),
  ...(row.annotation !== null ? { annotation: row.annotation } : {}),
  ...(row.resolved_at !== null ? { resolvedAt: isoTimestamp(row.resolved_at) } : {}),
  ...(row.exception !== null ? { exception: row.exception } : {}),
})

/**
 * Records what a scan found for one account and region, keeping history: a new finding is first seen now; a
 * known one is seen again; a status change is written to the history, a non-compliant finding that became
 * compliant is resolved now (and reopened if it turns back). Findings of the account and region that the scan did
 * not see again (the resource is gone) are resolved. One transaction: a crash leaves all or nothing, and
 * recording the same scan twice changes nothing the second time.
 */
export const recordFindings = (
  scanId: string,
  scope: { readonly accountId: string; readonly region: string },
  findings: ReadonlyArray<Finding>,
  at: Date,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.withTransaction(
      Effect.gen(function* () {
        const seen = new Set<string>()
        for (const finding of findings) {
          const key = findingKey(finding)
          seen.add(key)
          const existing = yield* sql<{
            status: string
            last_scan_id: string | null
          }>`SELECT status, last_scan_id FROM findings WHERE key = ${key}`
          const previous = existing[0]
          if (previous?.last_scan_id === scanId) continue
          if (!previous) {
            yield* sql`
              INSERT INTO findings (key, account_id, ou_path, region, guardrail, rule, resource_type, resource_id, status, annotation,
                evaluated_at, first_seen, last_seen, resolved_at, exception, last_scan_id)
              VALUES (${key}, ${finding.accountId}, ${finding.ouPath ?? null}, ${finding.region}, ${finding.guardrail ?? null}, ${finding.rule},
                ${finding.resourceType}, ${finding.resourceId}, ${finding.status}, ${finding.annotation ?? null}, ${finding.evaluatedAt}, ${at}, ${at},
                ${null}, ${finding.exception ?? null}, ${scanId})`
            yield* sql`INSERT INTO finding_history (finding_key, status, annotation, recorded_at, scan_id) VALUES (${key}, ${finding.status}, ${finding.annotation ?? null}, ${at}, ${scanId})`
            continue
          }
          const resolved = finding.status === "COMPLIANT" && previous.status !== "COMPLIANT"
          const reopened = finding.status !== "COMPLIANT" && previous.status === "COMPLIANT"
          yield* sql`
            UPDATE findings SET status = ${finding.status}, annotation = ${finding.annotation ?? null}, evaluated_at = ${finding.evaluatedAt},
              last_seen = ${at}, exception = ${finding.exception ?? null}, ou_path = ${finding.ouPath ?? null}, last_scan_id = ${scanId},
              resolved_at = CASE WHEN ${resolved} THEN ${at}::timestamptz WHEN ${reopened} THEN NULL ELSE resolved_at END
            WHERE key = ${key}`
          if (previous.status !== finding.status) {
            yield* sql`INSERT INTO finding_history (finding_key, status, annotation, recorded_at, scan_id) VALUES (${key}, ${finding.status}, ${finding.annotation ?? null}, ${at}, ${scanId})`
          }
        }
        const open = yield* sql<{ key: string }>`
          SELECT key FROM findings WHERE account_id = ${scope.accountId} AND region = ${scope.region} AND resolved_at IS NULL AND status <> 'COMPLIANT'`
        for (const { key } of open) {
          if (seen.has(key)) continue
          yield* sql`UPDATE findings SET resolved_at = ${at}, last_scan_id = ${scanId} WHERE key = ${key}`
          yield* sql`INSERT INTO finding_history (finding_key, status, annotation, recorded_at, scan_id) VALUES (${key}, ${"RESOLVED"}, ${"no longer seen: the resource is gone"}, ${at}, ${scanId})`
        }
      }),
    )
  })

/** Stored findings, filtered. */
export const queryFindings = (
  filter: { readonly accountId?: string; readonly status?: string; readonly open?: boolean } = {},
): Effect.Effect<ReadonlyArray<StoredFinding>, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const rows = yield* sql<Row>`
      SELECT * FROM findings
      WHERE (${filter.accountId ?? null}::text IS NULL OR account_id = ${filter.accountId ?? null})
        AND (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null})
        AND (${filter.open === true} = false OR resolved_at IS NULL)
      ORDER BY account_id, region, rule, resource_id`
    return rows.map(fromRow)
  })

/** The status changes of one finding, oldest first. */
export const findingHistory = (key: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    return yield* sql<{
      status: string
      annotation: string | null
      recorded_at: Date
      scan_id: string | null
    }>`
      SELECT status, annotation, recorded_at, scan_id FROM finding_history WHERE finding_key = ${key} ORDER BY id`
  })
