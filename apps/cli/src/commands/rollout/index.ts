import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { durationMilliseconds, isDuration } from "@rampart/model"
import {
  approveRollout,
  pauseRollout,
  RolloutRefused,
  type RolloutSettings,
  resumeRollout,
  rollBackRollout,
  rolloutStatusView,
  startRollout,
} from "@rampart/rollout"
import { migrate, rolloutEvents } from "@rampart/store"
import { Effect } from "effect"
import { awsOptions } from "../../aws-settings.ts"
import { type Command, configOption, jsonOption } from "../../command.ts"
import { ExitCode } from "../../exit-code.ts"
import { loadInputs } from "../../inputs.ts"
import { type Output, printDiagnostics, printJson } from "../../output.ts"
import { storeOptions } from "../../store-location.ts"
import { UsageError } from "../../usage-error.ts"
import { memberRoleOption } from "../plan.ts"
import { callerIdentity, followRollout, rolloutLayer } from "./runner.ts"
import { printStatus } from "./status-text.ts"

const common = { ...awsOptions, ...storeOptions, ...jsonOption } as const

const idOf = (positionals: ReadonlyArray<string>): string => {
  const id = positionals[0]
  if (id === undefined || positionals.length > 1) throw new UsageError({ message: "give one rollout id" })
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id))
    throw new UsageError({ message: `"${id}" is not a rollout id` })
  return id
}

const seconds = (options: Readonly<Record<string, unknown>>, name: string, fallback: string): number => {
  const text = (options[name] as string | undefined) ?? fallback
  if (!isDuration(text))
    throw new UsageError({
      message: `--${name} must be a duration such as 30s, 10m, 2h or 7d, not "${text}"`,
    })
  return durationMilliseconds(text) / 1000
}

/**
 * Runs a rollout action in a process that is also a workflow runner, then follows the rollout until it needs a
 * person or is over (with `follow`), and prints its status. A refused action changes nothing and exits 2.
 */
const act = async (
  options: Readonly<Record<string, unknown>>,
  out: Output,
  rolloutId: string,
  action: (actor: string) => Effect.Effect<unknown, unknown, unknown>,
  follow: boolean,
  /** Statuses that mean the command did not get what it was for (exit 1). */
  unsuccessful: ReadonlyArray<string> = ["halted", "rolled-back", "failed"],
): Promise<ExitCode> => {
  const program = Effect.gen(function* () {
    yield* migrate
    const actor = yield* callerIdentity
    const eventsSeen = (yield* rolloutEvents(rolloutId)).length
    yield* action(actor)
    if (follow)
      yield* followRollout(rolloutId, out, {
        untilFinished: options.wait === true,
        quiet: options.json === true,
        eventsSeen,
      })
    return yield* rolloutStatusView(rolloutId)
  })
  const result = await Effect.runPromise(
    Effect.result(Effect.provide(program, rolloutLayer(options)) as Effect.Effect<unknown, unknown>),
  )
  if (result._tag === "Failure") {
    const error = result.failure as { readonly _tag?: string; readonly message?: string }
    if (error instanceof RolloutRefused) {
      out.stderr(`rampart rollout: ${error.message}\n`)
      return ExitCode.badInput
    }
    out.stderr(`rampart rollout: ${error._tag ?? "Error"}: ${error.message ?? String(error)}\n`)
    return ExitCode.failure
  }
  const view = result.success as Effect.Success<ReturnType<typeof rolloutStatusView>>
  if (view === undefined) {
    out.stderr(`rampart rollout: no rollout ${rolloutId}\n`)
    return ExitCode.badInput
  }
  if (options.json) printJson(out, view)
  else printStatus(out, view, options.verbose === true)
  return unsuccessful.includes(view.rollout.status) ? ExitCode.findings : ExitCode.ok
}

/**
 * Starts a rollout of the configuration named in the options and runs it until it needs a person or is over:
 * `rampart rollout start`, and `rampart drift --reconcile`.
 */
export const beginRollout = (
  options: Readonly<Record<string, unknown>>,
  out: Output,
  rolloutId: string,
): Promise<ExitCode> | ExitCode => {
  const now = new Date()
  const inputs = loadInputs(options.config as string, options.catalog as string | undefined, now)
  if (!inputs.ok) {
    printDiagnostics(out, inputs.diagnostics)
    return ExitCode.badInput
  }
  idOf([rolloutId])
  const lookback = seconds(options, "impact-lookback", "7d")
  if (lookback > 90 * 86_400)
    throw new UsageError({ message: "--impact-lookback cannot exceed 90d: LookupEvents keeps 90 days" })
  const settings: RolloutSettings = {
    configFile: inputs.config.file,
    configText: readFileSync(options.config as string, "utf8"),
    ...(options.catalog !== undefined ? { catalogRoot: resolve(options.catalog as string) } : {}),
    waves: inputs.config.waves.map((w) => w.name),
    memberRole: (options["member-role"] as string | undefined) ?? inputs.config.roles.bootstrap,
    ...(options.soak !== undefined ? { soakSeconds: seconds(options, "soak", "0s") } : {}),
    impactLookbackHours: lookback / 3600,
    packTimeoutSeconds: seconds(options, "pack-timeout", "15m"),
  }
  if (!options.json) out.stderr(`rollout ${rolloutId}\n`)
  return act(options, out, rolloutId, (actor) => startRollout(rolloutId, actor, settings), true)
}

/** The options of commands that start rollouts. */
export const startOptions = {
  soak: {
    type: "string",
    valueName: "DURATION",
    description:
      "Replace every wave's soak with this (rehearsals on the sandbox; the waves' own soaks otherwise).",
  },
  "impact-lookback": {
    type: "string",
    valueName: "DURATION",
    default: "7d",
    description: "How much CloudTrail history the impact gate replays (at most 90d).",
  },
  "pack-timeout": {
    type: "string",
    valueName: "DURATION",
    default: "15m",
    description: "How long a conformance pack may take to deploy before it counts as failed.",
  },
  wait: {
    type: "boolean",
    description:
      "Keep running until the rollout is over, waiting through approvals and pauses that another process answers (shared PostgreSQL store).",
  },
} as const

const startCommand: Command = {
  name: "start",
  summary: "Start a rollout of rampart.yaml's waves, and run it until it needs a person or is over.",
  description:
    "Records the rollout with the configuration as it is now (a rollout that runs for days applies the file it\n" +
    "started with) and runs it as a durable workflow: per wave, approval where asked, plan, impact gate before SCPs\n" +
    "are attached, apply (max concurrency, error budget), soak, health gates; a failed gate rolls back or halts.\n" +
    "This process runs the workflow until the rollout waits for an approval or a resume, or is over; it can be\n" +
    "killed at any time, and `rampart rollout resume ID` carries on where it stopped, applying nothing twice.\n" +
    "Exit 0 when the rollout completed or waits for a person, 1 when it halted or rolled back, 2 on bad input.",
  options: {
    ...configOption,
    "rollout-id": {
      type: "string",
      valueName: "ID",
      description: "The rollout's id (default rollout-<time>).",
    },
    ...startOptions,
    ...memberRoleOption,
    ...common,
  },
  examples: [
    "rampart rollout start --config examples/rampart.yaml --rollout-id guardrails-2026-11",
    "rampart rollout start --soak 1m --json",
  ],
  run: ({ options, out }) => {
    const rolloutId =
      (options["rollout-id"] as string | undefined) ??
      `rollout-${new Date().toISOString().replace(/[:.]/g, "-")}`
    return beginRollout(options, out, rolloutId)
  },
}

const idCommand = (
  name: string,
  summary: string,
  description: string,
  action: (rolloutId: string, actor: string) => Effect.Effect<unknown, unknown, unknown>,
  follow: boolean,
  unsuccessful?: ReadonlyArray<string>,
): Command => ({
  name,
  summary,
  usage: "<rollout-id>",
  description,
  options: { ...(follow ? { wait: startOptions.wait } : {}), ...common },
  examples: [`rampart rollout ${name} guardrails-2026-11`],
  run: ({ options, positionals, out }) => {
    const rolloutId = idOf(positionals)
    return act(options, out, rolloutId, (actor) => action(rolloutId, actor), follow, unsuccessful)
  },
})

const statusCommand: Command = {
  name: "status",
  summary: "Show a rollout: each wave, its gates and targets, and what a rollback restored.",
  usage: "<rollout-id>",
  options: {
    verbose: { type: "boolean", description: "List every target, not only those with failures." },
    ...common,
  },
  examples: ["rampart rollout status guardrails-2026-11 --verbose"],
  run: ({ options, positionals, out }) => {
    const rolloutId = idOf(positionals)
    return act(options, out, rolloutId, () => Effect.void, false, [])
  },
}

export const rolloutCommand: Command = {
  name: "rollout",
  summary: "Roll guardrails out in waves, with gates, approvals and rollback, as durable workflows.",
  subcommands: [
    startCommand,
    statusCommand,
    idCommand(
      "approve",
      "Approve the wave a rollout waits for (the approver must not be who started it), and run it on.",
      "The approver is the caller's AWS identity; an assumed role's session name tells people apart.",
      approveRollout,
      true,
    ),
    idCommand(
      "pause",
      "Ask a rollout to stop before its next wave.",
      "The wave in progress finishes its current step; the rollout parks before the next wave until resumed.",
      pauseRollout,
      false,
    ),
    idCommand(
      "resume",
      "Resume a paused rollout, or one whose process stopped (a crash, kill -9), and run it on.",
      "Completed steps are not run again; a change that was in flight is repeated idempotently.",
      resumeRollout,
      true,
    ),
    idCommand(
      "rollback",
      "Stop a rollout and restore everything it changed to its journaled before-state.",
      "What cannot be restored (a compliance-mode Vault Lock past its grace time) is skipped and listed.",
      (rolloutId, actor) => rollBackRollout(rolloutId, actor),
      false,
      ["failed"],
    ),
  ],
}
