import type { Finding } from "@rampart/model"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { describe, expect, it } from "vitest"
import { databaseLayer } from "./database.ts"
import { findingHistory, queryFindings, recordFindings } from "./findings.ts"
import { migrate } from "./migrations.ts"
import { postgres } from "./postgres.test-support.ts"

const backends: ReadonlyArray<readonly [string, () => Layer.Layer<SqlClient>]> = [
  ["PostgreSQL", postgres],
  ["PGlite", () => databaseLayer({}).pipe(Layer.orDie) as unknown as Layer.Layer<SqlClient>],
]

const finding = (resourceId: string, status: Finding["status"], annotation?: string): Finding => ({
  kind: "evaluation",
  accountId: "222222222202",
  region: "eu-west-1",
  guardrail: "rds-security",
  rule: "rampart-rds-storage-encrypted",
  resourceType: "AWS::RDS::DBInstance",
  resourceId,
  status,
  evaluatedAt: "2026-11-22T06:00:00.000Z",
  ...(annotation ? { annotation } : {}),
})

const scope = { accountId: "222222222202", region: "eu-west-1" }

for (const [name, layer] of backends) {
  describe(`findings with history (${name})`, () => {
    it("first sees, sees again, resolves, reopens and resolves what is gone, once per scan", async () => {
      const program = Effect.gen(function* () {
        yield* migrate
        const t = (hour: number) => new Date(`2026-11-22T0${hour}:00:00Z`)
        yield* recordFindings(
          "scan-1",
          scope,
          [finding("db-A", "NON_COMPLIANT", "storageEncrypted=false"), finding("db-B", "NON_COMPLIANT")],
          t(1),
        )
        // The same scan recorded again (a resumed scan): nothing changes.
        yield* recordFindings(
          "scan-1",
          scope,
          [finding("db-A", "NON_COMPLIANT", "storageEncrypted=false"), finding("db-B", "NON_COMPLIANT")],
          t(1),
        )
        yield* recordFindings("scan-2", scope, [finding("db-A", "COMPLIANT")], t(2))
        const afterTwo = yield* queryFindings({ accountId: "222222222202" })
        yield* recordFindings(
          "scan-3",
          scope,
          [finding("db-A", "NON_COMPLIANT", "restored unencrypted")],
          t(3),
        )
        const afterThree = yield* queryFindings({ open: true })
        const history = yield* findingHistory(
          "222222222202|eu-west-1|rampart-rds-storage-encrypted|AWS::RDS::DBInstance|db-A",
        )
        return { afterTwo, afterThree, history }
      })
      const { afterTwo, afterThree, history } = await Effect.runPromise(program.pipe(Effect.provide(layer())))
      const a = afterTwo.find((f) => f.resourceId === "db-A")
      const b = afterTwo.find((f) => f.resourceId === "db-B")
      expect(a).toMatchObject({
        status: "COMPLIANT",
        firstSeen: "2026-11-22T01:00:00.000Z",
        lastSeen: "2026-11-22T02:00:00.000Z",
        resolvedAt: "2026-11-22T02:00:00.000Z",
      })
      expect(b).toMatchObject({ status: "NON_COMPLIANT", resolvedAt: "2026-11-22T02:00:00.000Z" })
      expect(afterThree.map((f) => [f.resourceId, f.status])).toEqual([["db-A", "NON_COMPLIANT"]])
      expect(history.map((h) => h.status)).toEqual(["NON_COMPLIANT", "COMPLIANT", "NON_COMPLIANT"])
    }, 60_000)
  })
}
