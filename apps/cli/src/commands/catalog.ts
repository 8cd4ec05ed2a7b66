import type { Guardrail } from "@rampart/catalog"
import { loadCatalog } from "@rampart/catalog"
import { suggestionFor } from "@rampart/model"
import { type Command, catalogOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printDiagnostics, printJson } from "../output.ts"
import { UsageError } from "../usage-error.ts"

const summaryOf = (g: Guardrail) => ({
  id: g.id,
  kind: g.kind,
  title: g.title,
  seeds: g.rationale.seeds,
  parameters: g.parameters.map((p) => p.name),
})

const listCommand: Command = {
  name: "list",
  summary: "List the guardrails of the catalog.",
  options: { ...catalogOption, ...jsonOption },
  run: ({ options, out }) => {
    const loaded = loadCatalog(options.catalog as string | undefined)
    if (!loaded.ok) {
      printDiagnostics(out, loaded.diagnostics)
      return ExitCode.badInput
    }
    const guardrails = loaded.catalog.guardrails
    if (options.json) {
      printJson(out, guardrails.map(summaryOf))
      return ExitCode.ok
    }
    const width = Math.max(...guardrails.map((g) => g.id.length))
    const kindWidth = Math.max(...guardrails.map((g) => g.kind.length))
    for (const g of guardrails) out.stdout(`${g.id.padEnd(width)}  ${g.kind.padEnd(kindWidth)}  ${g.title}\n`)
    return ExitCode.ok
  },
}

const showCommand: Command = {
  name: "show",
  summary: "Show one guardrail: what it does, why, what it protects, exceptions and parameters.",
  usage: "<id>",
  options: { ...catalogOption, ...jsonOption },
  run: ({ options, positionals, out }) => {
    const id = positionals[0]
    if (id === undefined || positionals.length > 1)
      throw new UsageError({ message: "give exactly one guardrail id" })
    const loaded = loadCatalog(options.catalog as string | undefined)
    if (!loaded.ok) {
      printDiagnostics(out, loaded.diagnostics)
      return ExitCode.badInput
    }
    const guardrail = loaded.catalog.byId.get(id)
    if (!guardrail)
      throw new UsageError({
        message: `no guardrail "${id}" in the catalog: ${suggestionFor(id, [...loaded.catalog.byId.keys()])}`,
      })
    if (options.json) {
      printJson(out, guardrail)
      return ExitCode.ok
    }
    const lines = [
      `${guardrail.id} (${guardrail.kind}) — ${guardrail.title}`,
      "",
      guardrail.description,
      "",
      `Why: ${guardrail.rationale.summary}`,
      `Seeds: ${guardrail.rationale.seeds.join(", ")}`,
      "",
      "Protects:",
      ...guardrail.protects.map((p) => `  - ${p}`),
      "",
      `Exceptions: ${guardrail.exceptions}`,
      "",
      "Parameters:",
      ...(guardrail.parameters.length === 0
        ? ["  (none)"]
        : guardrail.parameters.map(
            (p) =>
              `  ${p.name} (${p.type}${p.default !== undefined ? `, default ${JSON.stringify(p.default)}` : ""}): ${p.description}`,
          )),
      "",
      `Defined in ${guardrail.metadataFile}`,
    ]
    out.stdout(`${lines.join("\n")}\n`)
    return ExitCode.ok
  },
}

export const catalogCommand: Command = {
  name: "catalog",
  summary: "Browse the guardrail catalog.",
  subcommands: [listCommand, showCommand],
}
