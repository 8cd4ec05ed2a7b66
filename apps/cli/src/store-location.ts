import { mkdirSync } from "node:fs"
import { databaseLayer } from "@rampart/store"

/**
 * The store a command uses, from its options: a PostgreSQL server when `--database-url` or DATABASE_URL is given,
 * otherwise PGlite in a folder (`--data-dir`, `.rampart/store` by default, created when missing), so a laptop needs
 * no server.
 */
export const storeLayer = (options: Readonly<Record<string, unknown>>) => {
  const url = (options["database-url"] as string | undefined) ?? process.env.DATABASE_URL
  if (url !== undefined && url !== "") return databaseLayer({ url })
  const dataDir = (options["data-dir"] as string | undefined) ?? ".rampart/store"
  mkdirSync(dataDir, { recursive: true })
  return databaseLayer({ dataDir })
}

/** The options of commands that use the store. */
export const storeOptions = {
  "database-url": {
    type: "string",
    valueName: "URL",
    description: "The PostgreSQL store (default DATABASE_URL, else PGlite in --data-dir).",
  },
  "data-dir": {
    type: "string",
    valueName: "DIR",
    description: "Where the embedded PGlite store lives (default .rampart/store).",
  },
} as const
