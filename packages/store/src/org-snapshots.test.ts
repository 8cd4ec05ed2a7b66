import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { describe, expect, it } from "vitest"
import { databaseLayer } from "./database.ts"
import { migrate } from "./migrations.ts"
import { listOrgSnapshots, readOrgSnapshot, recordOrgSnapshot } from "./org-snapshots.ts"
import { postgres } from "./postgres.test-support.ts"

const backends: ReadonlyArray<readonly [string, () => Layer.Layer<SqlClient>]> = [
  ["PostgreSQL", postgres],
  ["PGlite", () => databaseLayer({}).pipe(Layer.orDie) as unknown as Layer.Layer<SqlClient>],
]

const snapshot = (accounts: number) => ({
  id: "o-example",
  accounts: Array.from({ length: accounts }, (_, i) => ({ id: String(100000000000 + i), name: `a${i}` })),
  ous: [{ id: "ou-1", name: "Workloads" }],
})

for (const [name, layer] of backends) {
  describe(`org snapshots (${name})`, () => {
    it("keeps every snapshot, lists them newest first with their sizes, and reads one back whole", async () => {
      const program = Effect.gen(function* () {
        yield* migrate
        const first = yield* recordOrgSnapshot("o-example", snapshot(2), new Date("2026-11-22T01:00:00Z"))
        const second = yield* recordOrgSnapshot("o-example", snapshot(3), new Date("2026-11-22T02:00:00Z"))
        return {
          first,
          second,
          list: yield* listOrgSnapshots(),
          body: yield* readOrgSnapshot(first),
          missing: yield* readOrgSnapshot(second + 1000),
        }
      })
      const { first, second, list, body, missing } = await Effect.runPromise(
        program.pipe(Effect.provide(layer())),
      )
      expect(second).toBeGreaterThan(first)
      const ours = list.filter((e) => e.id === first || e.id === second)
      expect(ours).toEqual([
        { id: second, takenAt: "2026-11-22T02:00:00.000Z", organizationId: "o-example", accounts: 3, ous: 1 },
        { id: first, takenAt: "2026-11-22T01:00:00.000Z", organizationId: "o-example", accounts: 2, ous: 1 },
      ])
      expect(body).toEqual(snapshot(2))
      expect(missing).toBeUndefined()
    }, 60_000)
  })
}
