import { createHash } from "node:crypto"
import { isAbsolute, relative, sep } from "node:path"
import { pathToFileURL } from "node:url"
import type { Diagnostic } from "@rampart/model"
import { codeOf, type LintRule } from "./lint-check.ts"
// index.ts re-exports this module; the registry is only read when toSarif runs, after both have loaded.
import type { LintReport } from "./lint-policies.ts"
import { lintChecks } from "./registry.ts"

/** The parts of SARIF 2.1.0 that Rampart writes. */
export interface SarifLog {
  readonly $schema: string
  readonly version: "2.1.0"
  readonly runs: ReadonlyArray<SarifRun>
}

export interface SarifRun {
  readonly tool: { readonly driver: SarifDriver }
  readonly columnKind: "utf16CodeUnits"
  readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>
  readonly results: ReadonlyArray<SarifResult>
}

export interface SarifDriver {
  readonly name: string
  readonly version: string
  readonly semanticVersion: string
  readonly informationUri?: string
  readonly rules: ReadonlyArray<SarifRule>
}

export interface SarifRule {
  readonly id: string
  readonly name: string
  readonly shortDescription: { readonly text: string }
  readonly fullDescription: { readonly text: string }
  readonly help: { readonly text: string }
  readonly defaultConfiguration: { readonly level: "error" | "warning" }
}

export interface SarifResult {
  readonly ruleId: string
  readonly ruleIndex: number
  readonly level: "error" | "warning"
  readonly message: { readonly text: string }
  readonly locations: ReadonlyArray<{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string }
      readonly region: { readonly startLine: number; readonly startColumn?: number }
    }
    readonly logicalLocations?: ReadonlyArray<{ readonly fullyQualifiedName: string }>
  }>
  readonly partialFingerprints: Readonly<Record<string, string>>
}

export interface SarifOptions {
  /** Rampart's version, as the driver's version. */
  readonly toolVersion: string
  /** Where people read about the tool; shown by code-scanning UIs. */
  readonly informationUri?: string
  /** The repository checkout: files under it are written as paths relative to it (what code scanning expects). */
  readonly root?: string
  /** The rules to describe; by default every check of the registry. */
  readonly rules?: ReadonlyArray<LintRule>
}

/** The SARIF 2.1.0 JSON schema address. */
export const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

const srcRoot = "%SRCROOT%"

/** A rule entry for a diagnostic code the registry does not describe (parser findings such as `policy.effect`). */
const fallbackRule = (code: string): SarifRule => ({
  id: code,
  name: code,
  shortDescription: { text: `Finding ${code}` },
  fullDescription: { text: `A problem reported as ${code} while reading the policy.` },
  help: { text: "The finding's message says what was found and how to fix it." },
  defaultConfiguration: { level: "error" },
})

const ruleOf = (rule: LintRule): SarifRule => ({
  id: codeOf(rule),
  name: rule.name
    .split("-")
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join(""),
  shortDescription: { text: rule.summary },
  fullDescription: { text: rule.description },
  help: { text: rule.help },
  defaultConfiguration: { level: rule.level },
})

const shown = (value: unknown): string => {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

const messageOf = (d: Diagnostic): string =>
  `${d.path === "" ? "" : `${d.path}: `}${d.message}${d.value === undefined ? "" : ` (got ${shown(d.value)})`}.${d.fix ? ` Fix: ${d.fix}` : ""}`

/** A path as a relative URI under the root when it is one, otherwise as given (or a file: URL when absolute). */
const artifactOf = (file: string, root: string | undefined): { uri: string; uriBaseId?: string } => {
  const inside = root !== undefined && isAbsolute(file) ? relative(root, file) : undefined
  if (inside !== undefined && !inside.startsWith("..") && !isAbsolute(inside))
    return { uri: encodeSegments(inside), uriBaseId: srcRoot }
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href }
  return root === undefined
    ? { uri: encodeSegments(file) }
    : { uri: encodeSegments(file), uriBaseId: srcRoot }
}

const encodeSegments = (path: string): string =>
  path.split(sep).join("/").split("/").map(encodeURIComponent).join("/")

/** Renders a lint report as SARIF 2.1.0, suitable for GitHub code scanning upload. */
export const toSarif = (report: LintReport, options: SarifOptions): SarifLog => {
  const described = options.rules ?? lintChecks
  const rules = described.map(ruleOf)
  const index = new Map(rules.map((r, i) => [r.id, i]))
  for (const d of report.diagnostics) {
    if (!index.has(d.code)) {
      index.set(d.code, rules.length)
      rules.push(fallbackRule(d.code))
    }
  }
  const results = report.diagnostics.map((d): SarifResult => {
    const fingerprint = createHash("sha256")
      .update(`${d.code}\n${d.file}\n${d.path}`)
      .digest("hex")
      .slice(0, 32)
    return {
      ruleId: d.code,
      ruleIndex: index.get(d.code) ?? 0,
      level: d.severity,
      message: { text: messageOf(d) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactOf(d.file, options.root),
            region: d.position
              ? { startLine: d.position.line, startColumn: d.position.column }
              : { startLine: 1 },
          },
          ...(d.path === "" ? {} : { logicalLocations: [{ fullyQualifiedName: d.path }] }),
        },
      ],
      partialFingerprints: { "rampartFinding/v1": fingerprint },
    }
  })
  return {
    $schema: sarifSchema,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "rampart",
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        ...(options.root === undefined
          ? {}
          : {
              originalUriBaseIds: {
                [srcRoot]: { uri: `${pathToFileURL(options.root).href.replace(/\/?$/, "/")}` },
              },
            }),
        results,
      },
    ],
  }
}
