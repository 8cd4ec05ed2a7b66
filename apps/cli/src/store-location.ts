import { databaseLayer } from "@rampart/store"

/**
 * The store commands use: a PostgreSQL server when `--database-url` or DATABASE_URL is given, otherwise PGlite in
 * a folder (`.rampart/store` by default), so a laptop needs no server.
 */
export const storeLayer = (options: { readonly databaseUrl?: string; readonly dataDir?: string }) => {
  const url = options.databaseUrl ?? process.env.DATABASE_URL
  return url !== undefined && url !== ""
    ? databaseLayer({ url })
    : databaseLayer({ dataDir: options.dataDir ?? ".rampart/store" })
}

/** The options of commands that use the store. */
export const storeOptions = {
  "database-url": {
    type: "string",
    valueName: "URL",
    description: "PostgreSQL to keep findings in (default DATABASE_URL, else PGlite in --data-dir).",
  },
  "data-dir": {
    type: "string",
    valueName: "DIR",
    description: "Where the embedded PGlite store lives (default .rampart/store).",
  },
} as const
