import { Effect } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"

/**
 * The store's schema, one forward-only migration per change, never edited once released: a new change is a new
 * entry. Ids are the migration's order.
 */
const migrations = {
  "0001_scans_and_findings": Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`
      CREATE TABLE org_snapshots (
        id BIGSERIAL PRIMARY KEY,
        taken_at TIMESTAMPTZ NOT NULL,
        organization_id TEXT NOT NULL,
        snapshot JSONB NOT NULL
      )`
    yield* sql`
      CREATE TABLE scans (
        id TEXT PRIMARY KEY,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        mode TEXT NOT NULL,
        status TEXT NOT NULL
      )`
    yield* sql`
      CREATE TABLE scan_targets (
        scan_id TEXT NOT NULL REFERENCES scans (id),
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (scan_id, account_id, region)
      )`
    yield* sql`
      CREATE TABLE findings (
        key TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        ou_path TEXT,
        region TEXT NOT NULL,
        guardrail TEXT,
        rule TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        status TEXT NOT NULL,
        annotation TEXT,
        evaluated_at TIMESTAMPTZ NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        resolved_at TIMESTAMPTZ,
        exception TEXT,
        last_scan_id TEXT
      )`
    yield* sql`CREATE INDEX findings_by_account ON findings (account_id, region)`
    yield* sql`CREATE INDEX findings_by_status ON findings (status)`
    yield* sql`
      CREATE TABLE finding_history (
        id BIGSERIAL PRIMARY KEY,
        finding_key TEXT NOT NULL REFERENCES findings (key),
        status TEXT NOT NULL,
        annotation TEXT,
        recorded_at TIMESTAMPTZ NOT NULL,
        scan_id TEXT
      )`
    yield* sql`
      CREATE TABLE rollout_journal (
        id BIGSERIAL PRIMARY KEY,
        rollout_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        wave TEXT NOT NULL,
        target TEXT NOT NULL,
        action TEXT NOT NULL,
        before_state JSONB,
        after_state JSONB,
        status TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        applied_at TIMESTAMPTZ
      )`
  }),
  "0002_rollouts": Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql`ALTER TABLE rollout_journal ADD COLUMN message TEXT`
    yield* sql`CREATE INDEX rollout_journal_by_target ON rollout_journal (target, id)`
    yield* sql`
      CREATE TABLE rollouts (
        id TEXT PRIMARY KEY,
        started_by TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        status TEXT NOT NULL,
        message TEXT,
        settings JSONB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`
    yield* sql`
      CREATE TABLE rollout_events (
        id BIGSERIAL PRIMARY KEY,
        rollout_id TEXT NOT NULL REFERENCES rollouts (id),
        at TIMESTAMPTZ NOT NULL,
        wave TEXT,
        kind TEXT NOT NULL,
        actor TEXT,
        detail JSONB
      )`
    yield* sql`CREATE INDEX rollout_events_by_rollout ON rollout_events (rollout_id, id)`
  }),
}

/** Applies the migrations not applied yet, in order; answers what it applied. */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord(migrations),
  table: "rampart_migrations",
})
