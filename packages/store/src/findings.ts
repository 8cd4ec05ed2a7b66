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

/** What one account and region of a scan gave: its findings (a collection failure is one). */
export interface TargetFindings {
  readonly scope: { readonly accountId: string; readonly region: string }
  readonly findings: ReadonlyArray<Finding>
}

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
): Effect.Effect<void, SqlError, SqlClient> => recordScanFindings(scanId, [{ scope, findings }], at)

/**
 * `recordFindings` for many accounts and regions in one transaction, with a handful of set-based statements per
 * account and region rather than several per finding: how a scan writes what its collectors gave.
 */
export const recordScanFindings = (
  scanId: string,
  targets: ReadonlyArray<TargetFindings>,
  at: Date,
): Effect.Effect<void, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.withTransaction(
      Effect.forEach(targets, (target) => recordTarget(sql, scanId, target, at), { discard: true }),
    )
  })

const json = (value: unknown) => JSON.stringify(value)

const recordTarget = (sql: SqlClient, scanId: string, target: TargetFindings, at: Date) =>
  Effect.gen(function* () {
    const { scope } = target
    const byKey = new Map<string, Finding>()
    for (const finding of target.findings) {
      const key = findingKey(finding)
      if (!byKey.has(key)) byKey.set(key, finding)
    }
    const keys = [...byKey.keys()]
    const existing =
      keys.length === 0
        ? []
        : yield* sql<{ key: string; status: string; last_scan_id: string | null }>`
            SELECT key, status, last_scan_id FROM findings WHERE key IN ${sql.in(keys)}`
    const previous = new Map(existing.map((row) => [row.key, row]))
    const fresh: Array<Record<string, unknown>> = []
    const seenAgain: Array<Record<string, unknown>> = []
    const history: Array<Record<string, unknown>> = []
    for (const [key, finding] of byKey) {
      const before = previous.get(key)
      if (before?.last_scan_id === scanId) continue
      const fields = {
        key,
        status: finding.status,
        annotation: finding.annotation ?? null,
        evaluated_at: finding.evaluatedAt,
        exception: finding.exception ?? null,
        ou_path: finding.ouPath ?? null,
      }
      if (before === undefined) {
        fresh.push({
          ...fields,
          account_id: finding.accountId,
          region: finding.region,
          guardrail: finding.guardrail ?? null,
          rule: finding.rule,
          resource_type: finding.resourceType,
          resource_id: finding.resourceId,
          first_seen: at,
          last_seen: at,
          resolved_at: null,
          last_scan_id: scanId,
        })
      } else {
        const resolved = finding.status === "COMPLIANT" && before.status !== "COMPLIANT"
        const reopened = finding.status !== "COMPLIANT" && before.status === "COMPLIANT"
        seenAgain.push({ ...fields, change: resolved ? "resolved" : reopened ? "reopened" : "same" })
      }
      if (before === undefined || before.status !== finding.status)
        history.push({
          finding_key: key,
          status: finding.status,
          annotation: finding.annotation ?? null,
          recorded_at: at,
          scan_id: scanId,
        })
    }
    const [firstFresh, ...moreFresh] = fresh
    if (firstFresh !== undefined) yield* sql`INSERT INTO findings ${sql.insert([firstFresh, ...moreFresh])}`
    if (seenAgain.length > 0)
      yield* sql`
        UPDATE findings AS f SET status = u.status, annotation = u.annotation, evaluated_at = u.evaluated_at::timestamptz,
          last_seen = ${at}, exception = u.exception, ou_path = u.ou_path, last_scan_id = ${scanId},
          resolved_at = CASE u.change WHEN 'resolved' THEN ${at}::timestamptz WHEN 'reopened' THEN NULL ELSE f.resolved_at END
        FROM jsonb_to_recordset(${json(seenAgain)}::jsonb)
          AS u(key text, status text, annotation text, evaluated_at text, exception text, ou_path text, change text)
        WHERE f.key = u.key`
    // Findings of this account and region not seen again: the resource is gone.
    const gone = (yield* sql<{ key: string }>`
      SELECT key FROM findings WHERE account_id = ${scope.accountId} AND region = ${scope.region}
        AND resolved_at IS NULL AND status <> 'COMPLIANT'`).filter((row) => !byKey.has(row.key))
    if (gone.length > 0) {
      const goneKeys = gone.map((row) => row.key)
      yield* sql`UPDATE findings SET resolved_at = ${at}, last_scan_id = ${scanId} WHERE key IN ${sql.in(goneKeys)}`
      for (const key of goneKeys)
        history.push({
          finding_key: key,
          status: "RESOLVED",
          annotation: "no longer seen: the resource is gone",
          recorded_at: at,
          scan_id: scanId,
        })
    }
    const [firstHistory, ...moreHistory] = history
    if (firstHistory !== undefined)
      yield* sql`INSERT INTO finding_history ${sql.insert([firstHistory, ...moreHistory])}`
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
