import { type Command, configOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { asOf, loadInputs } from "../inputs.ts"
import { count, printDiagnostics, printJson } from "../output.ts"
import { UsageError } from "../usage-error.ts"

export const validateCommand: Command = {
  name: "validate",
  summary: "Check rampart.yaml and the guardrail catalog; nothing is contacted or changed.",
  description:
    "Reads the catalog (policies/, conformance-packs/) and the configuration, and reports every problem with its\n" +
    "file, line, path, value and fix. Exit 0 when valid, 2 when not.",
  options: {
    ...configOption,
    ...jsonOption,
    "as-of": {
      type: "string",
      valueName: "DATE",
      description: "Judge exception expiry as of this day (YYYY-MM-DD) instead of now.",
    },
  },
  examples: ["rampart validate --config examples/rampart.yaml", "rampart validate --as-of 2027-04-01 --json"],
  run: ({ options, out }) => {
    const now = asOf(options["as-of"] as string | undefined)
    if (!now)
      throw new UsageError({
        message: `--as-of must be a date written YYYY-MM-DD, got "${options["as-of"]}"`,
      })
    const file = options.config as string
    const inputs = loadInputs(file, options.catalog as string | undefined, now)
    if (options.json) {
      printJson(out, {
        valid: inputs.ok,
        file,
        ...(inputs.ok
          ? {
              guardrails: inputs.config.guardrails.map((g) => g.id),
              waves: inputs.config.waves.map((w) => w.name),
              exceptions: inputs.config.exceptions.length,
              errors: [],
              warnings: inputs.warnings,
            }
          : {
              errors: inputs.diagnostics.filter((d) => d.severity === "error"),
              warnings: inputs.diagnostics.filter((d) => d.severity === "warning"),
            }),
      })
      return inputs.ok ? ExitCode.ok : ExitCode.badInput
    }
    if (!inputs.ok) {
      printDiagnostics(out, inputs.diagnostics)
      const errors = inputs.diagnostics.filter((d) => d.severity === "error").length
      out.stderr(`\n${file} is not valid: ${count(errors, "error")}. Nothing was changed.\n`)
      return ExitCode.badInput
    }
    printDiagnostics(out, inputs.warnings)
    const { config, catalog } = inputs
    out.stdout(
      `${file} is valid: ${count(config.guardrails.length, "guardrail")}, ${count(config.waves.length, "wave")}, ` +
        `${count(config.exceptions.length, "exception")}` +
        `${inputs.warnings.length > 0 ? `, ${count(inputs.warnings.length, "warning")}` : ""} ` +
        `(catalog: ${count(catalog.guardrails.length, "guardrail")}, ${count(catalog.managedRules.size, "managed rule")}).\n`,
    )
    return ExitCode.ok
  },
}
