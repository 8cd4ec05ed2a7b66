import { type Change, memberAccessOf, type Plan, planOrganization } from "@rampart/rollout"
import { migrate } from "@rampart/store"
import { Effect, Layer } from "effect"
import { awsOptions } from "../aws-settings.ts"
import { type Command, configOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { loadInputs } from "../inputs.ts"
import { count, type Output, printDiagnostics, printJson } from "../output.ts"
import { rolloutAwsLayer } from "../rollout-layers.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { UsageError } from "../usage-error.ts"

/** The option naming the role changes are made through in member accounts. */
export const memberRoleOption = {
  "member-role": {
    type: "string",
    valueName: "ROLE",
    description:
      "The role to read and change member accounts through (default: roles.bootstrap of the configuration).",
  },
} as const

const changeLine = (change: Change): string =>
  `  ${change.target.padEnd(16)} ${change.summary}\n${change.irreversible ? `  ${"".padEnd(16)} ! ${change.irreversible}\n` : ""}`

/** The plan as a person reads it. */
export const printPlan = (out: Output, plan: Plan, file: string): void => {
  out.stdout(`Plan for ${file}\n`)
  for (const wave of plan.waves) {
    out.stdout(
      `\nwave ${wave.wave}: ${wave.changes.length === 0 ? "no changes" : count(wave.changes.length, "change")}\n`,
    )
    for (const change of wave.changes) out.stdout(changeLine(change))
    for (const note of wave.notes) out.stdout(`  note: ${note.target}: ${note.message}\n`)
  }
  for (const problem of plan.problems) out.stdout(`\nproblem: ${problem}\n`)
  if (plan.unreadable.length > 0) {
    out.stdout(
      `\n${count(plan.unreadable.length, "resource")} could not be read, so the plan leaves them out:\n`,
    )
    for (const u of plan.unreadable.slice(0, 20)) out.stdout(`  ${u.key}: ${u.reason}\n`)
    if (plan.unreadable.length > 20) out.stdout(`  … and ${plan.unreadable.length - 20} more\n`)
  }
  out.stdout(
    `\n${plan.changeCount === 0 ? "Nothing to change." : `${count(plan.changeCount, "change")} to apply.`}\n`,
  )
}

export const planCommand: Command = {
  name: "plan",
  summary:
    "Show what a rollout would change: SCPs, conformance packs, vaults and locks, roles, per wave and target.",
  description:
    "Compares what rampart.yaml and the catalog ask for with the organization as it is, read-only: SCPs to create,\n" +
    "update, attach or detach (packed into the slots and size the organization's quotas leave), conformance packs\n" +
    "per account and region, the backup vault with its Vault Lock (and the date a compliance-mode lock becomes\n" +
    "permanent), and the Rampart roles. Organizations is read with the caller's credentials (the management account\n" +
    "or a delegated administrator); member accounts through --member-role. Plans say when a target holds the\n" +
    "management account, which SCPs never restrict, and refuse the organization root unless the configuration allows it.\n" +
    "Exit 0 when nothing would change, 1 when something would, 2 when the plan cannot be applied (unknown or refused\n" +
    "targets, SCPs that do not fit) or the input is wrong.",
  options: {
    ...configOption,
    wave: { type: "string", valueName: "NAME", description: "Only this wave's changes." },
    ...memberRoleOption,
    ...awsOptions,
    ...storeOptions,
    ...jsonOption,
  },
  examples: ["rampart plan --config examples/rampart.yaml", "rampart plan --wave canary --json"],
  run: async ({ options, out }) => {
    const now = new Date()
    const inputs = loadInputs(options.config as string, options.catalog as string | undefined, now)
    if (!inputs.ok) {
      printDiagnostics(out, inputs.diagnostics)
      return ExitCode.badInput
    }
    const { config, catalog } = inputs
    const wave = options.wave as string | undefined
    if (wave !== undefined && !config.waves.some((w) => w.name === wave))
      throw new UsageError({
        message: `no wave "${wave}" in ${config.file} (waves: ${config.waves.map((w) => w.name).join(", ")})`,
      })
    const access = memberAccessOf(
      config,
      (options["member-role"] as string | undefined) ?? config.roles.bootstrap,
    )
    const layer = Layer.merge(rolloutAwsLayer(options), storeLayer(options))
    const program = migrate.pipe(
      Effect.andThen(planOrganization(config, catalog, access, now, wave === undefined ? {} : { wave })),
    )
    const result = await Effect.runPromise(Effect.result(program.pipe(Effect.provide(layer))))
    if (result._tag === "Failure") {
      const error = result.failure as { readonly _tag: string; readonly message: string }
      out.stderr(`rampart plan: ${error._tag}: ${error.message}\n`)
      return ExitCode.failure
    }
    const { plan } = result.success
    if (options.json) printJson(out, plan)
    else printPlan(out, plan, config.file)
    if (plan.problems.length > 0) return ExitCode.badInput
    return plan.changeCount > 0 ? ExitCode.findings : ExitCode.ok
  },
}
