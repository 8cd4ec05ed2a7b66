import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { renderGuardrail } from "@rampart/catalog"
import {
  before2026Quotas,
  currentQuotas,
  formatLintReport,
  type LintSubject,
  lintPolicies,
  minify,
  parsePolicy,
  readHierarchy,
  type ScpQuotas,
  toSarif,
} from "@rampart/scp"
import { type Command, configOption } from "../../command.ts"
import { ExitCode } from "../../exit-code.ts"
import { loadInputs } from "../../inputs.ts"
import { readJsonFile } from "../../json-file.ts"
import { printDiagnostics, printJson } from "../../output.ts"
import { UsageError } from "../../usage-error.ts"
import { readPolicyFiles } from "./policy-files.ts"

const version = "0.1.0"

export const lintCommand: Command = {
  name: "lint",
  summary: "Check SCPs against the Organizations quotas and for mistakes AWS accepts silently.",
  usage: "[policy files or folders...]",
  description:
    "Checks size (every character counts), attachment slots and OU depth (with --hierarchy), unknown actions of\n" +
    "the services Rampart covers, misspelt global condition keys, statements that can never match, and Bool\n" +
    "conditions on keys that may be absent without a Null companion. Without files, lints the SCP guardrails of\n" +
    "--config as Rampart would render them. Exit 1 when an error is found (or a warning, with --strict).",
  options: {
    ...configOption,
    hierarchy: {
      type: "string",
      valueName: "FILE",
      description: "A hierarchy (as for `scp simulate`) to check slots and depth.",
    },
    owned: {
      type: "string",
      multiple: true,
      valueName: "NAME",
      description: "Names of attached policies Rampart owns (default: names starting with rampart).",
    },
    "quota-profile": {
      type: "string",
      valueName: "NAME",
      description:
        "current (10 per target, 10,240 characters) or before-2026-05 (5, 5,120); default: the configuration's, else current.",
    },
    format: { type: "string", valueName: "FORMAT", default: "text", description: "text, json or sarif." },
    json: { type: "boolean", description: "The same as --format json." },
    minify: {
      type: "string",
      valueName: "DIR",
      description: "Also write each policy minified to DIR, as Rampart sends it.",
    },
    strict: { type: "boolean", description: "Exit 1 on warnings too." },
  },
  examples: [
    "rampart scp lint policies/scp",
    "rampart scp lint --config rampart.yaml --format sarif > scp.sarif",
    "rampart scp lint my-scp.json --hierarchy path.json --quota-profile before-2026-05",
  ],
  run: ({ options, positionals, out }) => {
    const format = options.json ? "json" : (options.format as string)
    if (!["text", "json", "sarif"].includes(format))
      throw new UsageError({ message: `--format must be text, json or sarif, got "${format}"` })
    const profile = options["quota-profile"] as string | undefined
    if (profile !== undefined && !["current", "before-2026-05"].includes(profile)) {
      throw new UsageError({ message: `--quota-profile must be current or before-2026-05, got "${profile}"` })
    }
    let subjects: LintSubject[]
    let quotas: ScpQuotas = profile === "before-2026-05" ? before2026Quotas : currentQuotas
    if (positionals.length > 0) {
      const { files, problems } = readPolicyFiles(positionals)
      if (problems.length > 0) {
        printDiagnostics(out, problems)
        return ExitCode.badInput
      }
      subjects = files.map((f) => ({ name: f.name, file: f.file, text: f.text, document: f.document }))
    } else {
      const inputs = loadInputs(options.config as string, options.catalog as string | undefined, new Date())
      if (!inputs.ok) {
        printDiagnostics(out, inputs.diagnostics)
        return ExitCode.badInput
      }
      const { config, catalog } = inputs
      if (profile === undefined) quotas = config.organization.quotas
      subjects = config.guardrails.flatMap((use): LintSubject[] => {
        const guardrail = catalog.byId.get(use.id)
        if (guardrail?.kind !== "scp") return []
        const rendered = renderGuardrail(guardrail, use.parameters, config.context)
        if (rendered.kind !== "scp") return []
        const parsed = parsePolicy(rendered.document, { kind: "scp", file: guardrail.documentFile })
        return parsed.document
          ? [
              {
                name: use.id,
                file: guardrail.documentFile,
                text: minify(rendered.document),
                document: parsed.document,
              },
            ]
          : []
      })
    }
    let hierarchy: Parameters<typeof lintPolicies>[1]["hierarchy"]
    const hierarchyPath = options.hierarchy as string | undefined
    if (hierarchyPath !== undefined) {
      const json = readJsonFile(hierarchyPath)
      const read = json.ok ? readHierarchy(json.value, hierarchyPath) : json
      if (!read.ok) {
        printDiagnostics(out, read.diagnostics)
        return ExitCode.badInput
      }
      hierarchy = read.hierarchy
    }
    const ownedNames = options.owned as ReadonlyArray<string> | undefined
    const owned = new Set(
      ownedNames ??
        hierarchy?.levels
          .flatMap((l) => l.policies.map((p) => p.name))
          .filter((n) => n.toLowerCase().startsWith("rampart")) ??
        [],
    )
    const report = lintPolicies(subjects, {
      quotas,
      ownedPolicyNames: owned,
      ...(hierarchy ? { hierarchy, hierarchyFile: hierarchyPath as string } : {}),
    })
    const dir = options.minify as string | undefined
    if (dir !== undefined) {
      mkdirSync(dir, { recursive: true })
      for (const subject of subjects)
        writeFileSync(join(dir, `${subject.name}.json`), `${minify(JSON.parse(subject.text ?? "{}"))}\n`)
    }
    if (format === "sarif") printJson(out, toSarif(report, { toolVersion: version, root: process.cwd() }))
    else if (format === "json") printJson(out, report)
    else out.stdout(`${formatLintReport(report)}\n`)
    const errors = report.diagnostics.some((d) => d.severity === "error")
    const warnings = report.diagnostics.some((d) => d.severity === "warning")
    return errors || (options.strict && warnings) ? ExitCode.findings : ExitCode.ok
  },
}
