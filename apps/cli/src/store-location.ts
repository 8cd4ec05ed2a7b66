import { mkdirSync } from "node:fs"
import { databaseLayer } from "@rampart/store"

/** The PostgreSQL server a command's store is on, or undefined for the embedded PGlite store (see `storeLayer`). */
export const storeUrl = (options: Readonly<Record<string, unknown>>): string | undefined => {
  const explicitUrl = options["database-url"] as string | undefined
  const explicitDir = options["data-dir"] as string | undefined
  const url = explicitUrl || (explicitDir === undefined ? process.env.DATABASE_URL : undefined)
  return url === "" ? undefined : url
}

/**
 * The store a command uses, from its options: PostgreSQL at `--database-url`; else PGlite in `--data-dir` when
 * that is given (an explicit option beats the environment); else PostgreSQL at DATABASE_URL; else PGlite in
 * `.rampart/store`. A PGlite folder is created when missing, so a laptop needs no server.
 */
export const storeLayer = (options: Readonly<Record<string, unknown>>) => {
  const url = storeUrl(options)
  if (url !== undefined) return databaseLayer({ url })
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
    description:
      "Use the embedded PGlite store in this folder, even when DATABASE_URL is set (default .rampart/store).",
  },
} as const
