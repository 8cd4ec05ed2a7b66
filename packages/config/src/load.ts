import { readFileSync } from "node:fs"
import type { Catalog } from "@rampart/catalog"
import { type Diagnostic, decodeWithDiagnostics, formatPath, parseYamlText } from "@rampart/model"
import { configChecks } from "./checks/index.ts"
import type { RampartConfig } from "./config.ts"
import { resolveConfig } from "./resolve.ts"
import { RampartFile } from "./schema.ts"

export type LoadedConfig =
  | { readonly ok: true; readonly config: RampartConfig; readonly warnings: ReadonlyArray<Diagnostic> }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

export interface LoadOptions {
  readonly catalog: Catalog
  /** The instant exception expiry is judged against. */
  readonly now: Date
}

/** Reads rampart.yaml from disk; a missing or unreadable file is a diagnostic, not an exception. */
export const loadConfigFile = (path: string, options: LoadOptions): LoadedConfig => {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : String(cause)
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "config.unreadable",
          file: path,
          path: "",
          message: reason,
          fix: "pass --config with the path of your rampart.yaml (see examples/rampart.yaml)",
        },
      ],
    }
  }
  return loadConfigText(text, path, options)
}

/**
 * Parses, decodes (unknown keys are errors) and checks a rampart.yaml text. Problems are all reported together,
 * each with its file, path, position, value and fix.
 */
export const loadConfigText = (text: string, file: string, options: LoadOptions): LoadedConfig => {
  const parsed = parseYamlText(text, file)
  if (!parsed.ok) return { ok: false, diagnostics: parsed.errors }
  const source = parsed.source
  const decoded = decodeWithDiagnostics(RampartFile, source.value, source, "config")
  if (!decoded.ok) return { ok: false, diagnostics: decoded.diagnostics }

  const errors: Diagnostic[] = []
  const warnings: Diagnostic[] = []
  const make =
    (severity: Diagnostic["severity"]) =>
    (path: ReadonlyArray<PropertyKey>, code: string, message: string, value: unknown, fix: string) => {
      const position = source.positionOf(path)
      ;(severity === "error" ? errors : warnings).push({
        severity,
        code,
        file,
        path: formatPath(path),
        message,
        fix,
        ...(value === undefined ? {} : { value }),
        ...(position ? { position } : {}),
      })
    }
  const context = {
    config: decoded.value,
    catalog: options.catalog,
    now: options.now,
    error: make("error"),
    warn: make("warning"),
    add: (diagnostic: Diagnostic, path: ReadonlyArray<PropertyKey>) => {
      const position = source.positionOf(path)
      ;(diagnostic.severity === "error" ? errors : warnings).push({
        ...diagnostic,
        file,
        ...(position ? { position } : {}),
      })
    },
  }
  for (const check of configChecks) check.run(context)
  if (errors.length > 0) return { ok: false, diagnostics: [...errors, ...warnings] }
  return { ok: true, config: resolveConfig(decoded.value, file), warnings }
}
