import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { renderGuardrail } from "@rampart/catalog"
import { formatTarget } from "@rampart/model"
import { type GuardrailStatements, type PackedPolicy, PackOverflow, packStatements } from "@rampart/scp"
import { type Command, configOption, jsonOption } from "../../command.ts"
import { ExitCode } from "../../exit-code.ts"
import { loadInputs } from "../../inputs.ts"
import { printDiagnostics, printJson } from "../../output.ts"
import { UsageError } from "../../usage-error.ts"
import { readPolicyFiles } from "./policy-files.ts"

interface PackResult {
  readonly target: string
  readonly policies?: ReadonlyArray<PackedPolicy>
  readonly overflow?: {
    readonly reason: "statement-too-large" | "not-enough-slots"
    readonly message: string
    readonly policiesNeeded: number
    readonly freeSlots: number
    readonly overflowCharacters: number
  }
}

const pack = (
  target: string,
  inputs: ReadonlyArray<GuardrailStatements>,
  freeSlots: number,
  maxCharacters: number,
): PackResult => {
  try {
    return { target, policies: packStatements(inputs, { freeSlots, maxCharacters }) }
  } catch (error) {
    if (!(error instanceof PackOverflow)) throw error
    return {
      target,
      overflow: {
        reason: error.reason,
        message: error.message,
        policiesNeeded: error.policiesNeeded,
        freeSlots: error.freeSlots,
        overflowCharacters: error.overflowCharacters,
      },
    }
  }
}

export const packCommand: Command = {
  name: "pack",
  summary:
    "Pack the SCP statements aimed at a target into the fewest policies that fit the quota and free slots.",
  usage: "[policy files or folders...]",
  description:
    "With files: packs those policies as one target's guardrails. Without: packs the SCP guardrails of each wave's\n" +
    "targets from the configuration, rendered with its parameters. The output is deterministic (same input, same\n" +
    "policies, Sids and order). Exit 1 when a target's statements do not fit its free slots, naming the\n" +
    "shortfall; exit 2 when one statement alone is larger than an SCP may be.",
  options: {
    ...configOption,
    wave: {
      type: "string",
      valueName: "NAME",
      description: "Only this wave's targets (configuration mode).",
    },
    "free-slots": {
      type: "string",
      valueName: "N",
      description: "Attachment slots free at the target (default: the quota less FullAWSAccess).",
    },
    "max-characters": {
      type: "string",
      valueName: "N",
      description: "Characters allowed per SCP (default: the organization's quota, else 10240).",
    },
    out: {
      type: "string",
      valueName: "DIR",
      description: "Write each packed policy to DIR/<target>-<n>.json.",
    },
    ...jsonOption,
  },
  examples: [
    "rampart scp pack --config examples/rampart.yaml --wave canary",
    "rampart scp pack policies/scp --free-slots 4 --max-characters 5120 --out packed/",
  ],
  run: ({ options, positionals, out }) => {
    const number = (name: string): number | undefined => {
      const text = options[name] as string | undefined
      if (text === undefined) return undefined
      if (!/^\d+$/.test(text) || Number(text) < 1)
        throw new UsageError({ message: `--${name} must be a whole number of at least 1, got "${text}"` })
      return Number(text)
    }
    const freeSlotsOption = number("free-slots")
    const maxCharactersOption = number("max-characters")
    let results: PackResult[]
    if (positionals.length > 0) {
      const { files, problems } = readPolicyFiles(positionals)
      const inputs = files.map((f) => ({ guardrail: f.name, document: f.json }))
      if (problems.length > 0) {
        printDiagnostics(out, problems)
        return ExitCode.badInput
      }
      results = [pack("policies", inputs, freeSlotsOption ?? 9, maxCharactersOption ?? 10_240)]
    } else {
      const inputs = loadInputs(options.config as string, options.catalog as string | undefined, new Date())
      if (!inputs.ok) {
        printDiagnostics(out, inputs.diagnostics)
        return ExitCode.badInput
      }
      const { config, catalog } = inputs
      const quotas = config.organization.quotas
      const waves =
        options.wave === undefined ? config.waves : config.waves.filter((w) => w.name === options.wave)
      if (waves.length === 0) throw new UsageError({ message: `no wave "${options.wave}" in ${config.file}` })
      results = waves.flatMap((wave) => {
        const scps = wave.guardrails.flatMap((id): GuardrailStatements[] => {
          const guardrail = catalog.byId.get(id)
          const use = config.guardrails.find((g) => g.id === id)
          if (guardrail?.kind !== "scp" || !use) return []
          const rendered = renderGuardrail(guardrail, use.parameters, config.context)
          return rendered.kind === "scp" ? [{ guardrail: id, document: rendered.document }] : []
        })
        return wave.targets.map((target) =>
          pack(
            `${wave.name}:${formatTarget(target)}`,
            scps,
            freeSlotsOption ?? quotas.scpsPerTarget - 1,
            maxCharactersOption ?? quotas.scpCharacters,
          ),
        )
      })
    }
    const dir = options.out as string | undefined
    if (dir !== undefined) {
      mkdirSync(dir, { recursive: true })
      for (const result of results) {
        for (const policy of result.policies ?? []) {
          writeFileSync(
            join(
              dir,
              `${result.target.replace(/[^A-Za-z0-9-]+/g, "_").replace(/^_|_$/g, "")}-${policy.index}.json`,
            ),
            `${policy.text}\n`,
          )
        }
      }
    }
    if (options.json) printJson(out, results)
    else
      for (const result of results) {
        if (result.overflow) out.stdout(`${result.target}: does not fit: ${result.overflow.message}\n`)
        else
          out.stdout(
            `${result.target}: ${result.policies?.length} policies\n${(result.policies ?? []).map((p) => `  #${p.index} ${p.characters} characters: ${p.guardrails.join(", ")}\n`).join("")}`,
          )
      }
    // A statement larger than a whole SCP can never be attached: that is bad input, not a shortfall of slots.
    if (results.some((r) => r.overflow?.reason === "statement-too-large")) return ExitCode.badInput
    return results.some((r) => r.overflow) ? ExitCode.findings : ExitCode.ok
  },
}
