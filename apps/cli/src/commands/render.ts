import { renderGuardrail } from "@rampart/catalog"
import { formatTarget, isExceptionActive, suggestionFor } from "@rampart/model"
import { minify } from "@rampart/scp"
import { type Command, configOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { loadInputs } from "../inputs.ts"
import { printDiagnostics, printJson } from "../output.ts"
import { UsageError } from "../usage-error.ts"

export const renderCommand: Command = {
  name: "render",
  summary:
    "Show what each wave would deploy: guardrails per target, rendered with this organization's values.",
  description:
    "Works offline from rampart.yaml and the catalog. SCPs are shown minified, as Rampart sends them, with their\n" +
    "size against the organization's quota. Use --guardrail to print one rendered document.",
  options: {
    ...configOption,
    ...jsonOption,
    wave: { type: "string", valueName: "NAME", description: "Only this wave." },
    guardrail: {
      type: "string",
      valueName: "ID",
      description: "Print this guardrail's rendered document(s) only.",
    },
  },
  examples: [
    "rampart render --config examples/rampart.yaml",
    "rampart render --guardrail deny-unencrypted-rds --json",
  ],
  run: ({ options, out }) => {
    const inputs = loadInputs(options.config as string, options.catalog as string | undefined, new Date())
    if (!inputs.ok) {
      printDiagnostics(out, inputs.diagnostics)
      return ExitCode.badInput
    }
    const { config, catalog } = inputs
    const render = (id: string) => {
      const guardrail = catalog.byId.get(id)
      const use = config.guardrails.find((g) => g.id === id)
      if (!guardrail || !use) throw new Error(`validated configuration names unknown guardrail ${id}`)
      return renderGuardrail(guardrail, use.parameters, config.context)
    }
    const only = options.guardrail as string | undefined
    if (only !== undefined) {
      const configured = config.guardrails.map((g) => g.id)
      if (!configured.includes(only))
        throw new UsageError({
          message: `${only} is not configured in ${config.file}: ${suggestionFor(only, configured)}`,
        })
      const rendered = render(only)
      if (options.json || rendered.kind !== "scp") printJson(out, rendered)
      else out.stdout(`${minify(rendered.document)}\n`)
      return ExitCode.ok
    }
    const waveName = options.wave as string | undefined
    const waves = waveName === undefined ? config.waves : config.waves.filter((w) => w.name === waveName)
    if (waves.length === 0)
      throw new UsageError({
        message: `no wave "${waveName}": ${suggestionFor(
          waveName ?? "",
          config.waves.map((w) => w.name),
        )}`,
      })
    const now = new Date()
    const detail = (rendered: ReturnType<typeof render>) => {
      switch (rendered.kind) {
        case "scp":
          return {
            characters: minify(rendered.document).length,
            limit: config.organization.quotas.scpCharacters,
          }
        case "conformance-pack":
          return { bytes: Buffer.byteLength(rendered.templateBody), limit: 51_200 }
        case "role":
          return { roleName: rendered.roleName }
        case "backup-vault-lock":
          return { settings: rendered.settings }
      }
    }
    const report = {
      waves: waves.map((wave) => ({
        wave: wave.name,
        targets: wave.targets.map(formatTarget),
        guardrails: wave.guardrails.map((id) => {
          const rendered = render(id)
          return { id, kind: rendered.kind, ...detail(rendered) }
        }),
      })),
      exceptions: config.exceptions
        .filter((e) => isExceptionActive(e, now))
        .map((e) => ({
          guardrail: e.guardrail,
          target: formatTarget(e.target),
          owner: e.owner,
          expires: e.expires,
        })),
    }
    if (options.json) {
      printJson(out, report)
      return ExitCode.ok
    }
    for (const wave of report.waves) {
      out.stdout(`wave ${wave.wave} → ${wave.targets.join(", ")}\n`)
      for (const g of wave.guardrails) {
        const text =
          "characters" in g
            ? `${g.characters}/${g.limit} characters`
            : "bytes" in g
              ? `${g.bytes}/${g.limit} bytes`
              : "roleName" in g
                ? `role ${g.roleName}`
                : "settings" in g
                  ? Object.entries(g.settings)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(" ")
                  : ""
        out.stdout(`  ${g.kind.padEnd(17)} ${g.id.padEnd(26)} ${text}\n`)
      }
    }
    if (report.exceptions.length > 0) {
      out.stdout(
        "exceptions in force (written into the SCPs as exemptions; packs, vaults and roles left out for that target):\n",
      )
      for (const e of report.exceptions)
        out.stdout(`  ${e.guardrail} for ${e.target}: owner ${e.owner}, until ${e.expires}\n`)
    }
    return ExitCode.ok
  },
}
