import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { describe, expect, it } from "vitest"
import { databaseLayer } from "./database.ts"
import { migrate } from "./migrations.ts"
import { postgres } from "./postgres.test-support.ts"
import { journalIntent, journalOutcome, rolloutJournal } from "./rollout-journal.ts"

const backends: ReadonlyArray<readonly [string, () => Layer.Layer<SqlClient>]> = [
  ["PostgreSQL", postgres],
  ["PGlite", () => databaseLayer({}).pipe(Layer.orDie) as unknown as Layer.Layer<SqlClient>],
]

const attach = (target: string, before: unknown) => ({
  rolloutId: "rollout-1",
  idempotencyKey: `rollout-1/canary/${target}/attach/p-rampart1`,
  wave: "canary",
  target,
  action: "attach-scp",
  before,
  after: { attached: ["p-FullAWSAccess", "p-rampart1"] },
})

for (const [name, layer] of backends) {
  describe(`rollout journal (${name})`, () => {
    it("records an intent once, keeps the first before-state, and tells a resumed rollout what was applied", async () => {
      const t = (minute: number) => new Date(`2026-11-22T10:${String(minute).padStart(2, "0")}:00Z`)
      const program = Effect.gen(function* () {
        yield* migrate
        const first = yield* journalIntent(attach("222222222201", { attached: ["p-FullAWSAccess"] }), t(0))
        const applied = yield* journalOutcome(first.idempotencyKey, "applied", t(1))
        // Resumed after a crash: the same mutation is asked again, with the state as it is now (already changed).
        const again = yield* journalIntent(
          attach("222222222201", { attached: ["p-FullAWSAccess", "p-rampart1"] }),
          t(5),
        )
        const second = yield* journalIntent(attach("/Workloads/Dev", { attached: ["p-FullAWSAccess"] }), t(6))
        const unknown = yield* journalOutcome("no-such-key", "applied", t(7))
        return { first, applied, again, second, unknown, journal: yield* rolloutJournal("rollout-1") }
      })
      const { first, applied, again, second, unknown, journal } = await Effect.runPromise(
        program.pipe(Effect.provide(layer())),
      )
      expect(first).toMatchObject({ status: "intended", before: { attached: ["p-FullAWSAccess"] } })
      expect(first.appliedAt).toBeUndefined()
      expect(applied).toBe(true)
      expect(again).toMatchObject({
        id: first.id,
        status: "applied",
        appliedAt: "2026-11-22T10:01:00.000Z",
        before: { attached: ["p-FullAWSAccess"] },
      })
      expect(second.id).toBeGreaterThan(first.id)
      expect(unknown).toBe(false)
      expect(journal.map((e) => [e.target, e.status])).toEqual([
        ["222222222201", "applied"],
        ["/Workloads/Dev", "intended"],
      ])
    }, 60_000)
  })
}
