import { type Catalog, loadCatalog } from "@rampart/catalog"
import { loadConfigFile, type RampartConfig } from "@rampart/config"
import type { Diagnostic } from "@rampart/model"

/** The catalog and configuration a command works from, or every problem that stops it. */
export type Inputs =
  | {
      readonly ok: true
      readonly catalog: Catalog
      readonly config: RampartConfig
      readonly warnings: ReadonlyArray<Diagnostic>
    }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

/** Loads the catalog (Rampart's own unless a folder is given), then the configuration checked against it as of `now`. */
export const loadInputs = (configPath: string, catalogRoot: string | undefined, now: Date): Inputs => {
  const catalog = loadCatalog(catalogRoot)
  if (!catalog.ok) return { ok: false, diagnostics: catalog.diagnostics }
  const config = loadConfigFile(configPath, { catalog: catalog.catalog, now })
  if (!config.ok) return { ok: false, diagnostics: config.diagnostics }
  return {
    ok: true,
    catalog: catalog.catalog,
    config: config.config,
    warnings: [...catalog.warnings, ...config.warnings],
  }
}

/** Reads `--as-of YYYY-MM-DD` (start of that day, UTC), or the current time. */
export const asOf = (text: string | undefined): Date | undefined => {
  if (text === undefined) return new Date()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined
  const date = new Date(`${text}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? undefined : date
}
