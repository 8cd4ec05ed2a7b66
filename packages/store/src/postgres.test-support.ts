import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { databaseLayer } from "./database.ts"

/** A fresh PostgreSQL schema on the local server (DATABASE_URL, else 127.0.0.1:5432/test), dropped afterwards. */
export const postgres = (): Layer.Layer<SqlClient> => {
  const schema = `rampart_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
  const base = databaseLayer({
    url: `${url}${url.includes("?") ? "&" : "?"}options=-csearch_path%3D${schema}`,
  })
  return Layer.effectDiscard(
    Effect.acquireRelease(
      Effect.gen(function* () {
        const sql = yield* SqlClient
        yield* sql.unsafe(`CREATE SCHEMA ${schema}`)
      }),
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          yield* sql.unsafe(`DROP SCHEMA ${schema} CASCADE`)
        }).pipe(Effect.ignore),
    ),
  ).pipe(Layer.provideMerge(base), Layer.orDie) as unknown as Layer.Layer<SqlClient>
}
