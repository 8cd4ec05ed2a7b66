import { createServer } from "node:net"
import { PgClient } from "@effect/sql-pg"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect, Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/** Where the store lives: a PostgreSQL server (`DATABASE_URL`), or PGlite in-process, in memory or in a folder. */
export interface DatabaseOptions {
  /** `postgres://user@host:port/database`; credentials in it are never logged. */
  readonly url?: string
  /** For PGlite: the folder to keep the database in; in memory when not given. */
  readonly dataDir?: string
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

/**
 * PGlite behind a PostgreSQL wire socket on loopback, so the same client, SQL and migrations serve both the
 * embedded default and a real server. It lives as long as the layer's scope.
 */
const embedded = (dataDir: string | undefined): Layer.Layer<PgClient.PgClient | SqlClient, SqlError> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(
        Effect.promise(() => PGlite.create(dataDir === undefined ? undefined : dataDir)),
        (pglite) => Effect.promise(() => pglite.close()),
      )
      const port = yield* Effect.promise(freePort)
      yield* Effect.acquireRelease(
        Effect.promise(async () => {
          const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 4 })
          await server.start()
          return server
        }),
        (server) => Effect.promise(() => server.stop()),
      )
      return PgClient.layer({
        url: Redacted.make(`postgres://postgres@127.0.0.1:${port}/postgres`),
        maxConnections: 1,
      })
    }),
  )

/** The store's database: PostgreSQL when a URL is given, PGlite otherwise. */
export const databaseLayer = (
  options: DatabaseOptions = {},
): Layer.Layer<PgClient.PgClient | SqlClient, SqlError> =>
  options.url !== undefined
    ? PgClient.layer({ url: Redacted.make(options.url), maxConnections: 10 })
    : embedded(options.dataDir)
