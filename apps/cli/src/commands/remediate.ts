import { credentialBrokerLive, rdsLive, stsLive } from "@rampart/aws"
import { loadCatalog } from "@rampart/catalog"
import { loadConfigFile, type RampartConfig } from "@rampart/config"
import { isAccountId } from "@rampart/model"
import {
  findingRules,
  type ItemResult,
  isRemediationId,
  newRemediationId,
  openRemediation,
  type PlanSettings,
  planRemediation,
  type RemediationEvent,
  type RemediationItem,
  type RemediationPlan,
  runRemediation,
} from "@rampart/rollout"
import { migrate } from "@rampart/store"
import { Effect, Layer } from "effect"
import { awsOptions, awsSettings } from "../aws-settings.ts"
import { type Command, type Invocation, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { type Output, printDiagnostics, printJson } from "../output.ts"
import { progressReporter } from "../progress.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { UsageError } from "../usage-error.ts"

const sharedOptions = {
  config: {
    type: "string",
    short: "c",
    valueName: "FILE",
    default: "rampart.yaml",
    description: "The configuration (remediation policy, roles, guardrail parameters).",
  },
  accounts: {
    type: "string",
    multiple: true,
    valueName: "IDS",
    description:
      "Only findings of these accounts (when the plan is made; a resumed remediation keeps its plan).",
  },
  ous: {
    type: "string",
    multiple: true,
    valueName: "PATHS",
    description: "Only findings of accounts under these OU paths, e.g. /Workloads/Dev.",
  },
  role: {
    type: "string",
    valueName: "NAME",
    description: "The role to assume in each account (default: roles.remediation).",
  },
  ...awsOptions,
  ...storeOptions,
  ...jsonOption,
} as const

const list = (value: unknown): ReadonlyArray<string> =>
  ((value as ReadonlyArray<string> | undefined) ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")

/** The configuration and everything a plan needs from it; diagnostics printed and undefined when it is not usable. */
const loadSettings = (options: Invocation["options"], out: Output) => {
  const accounts = list(options.accounts)
  const badAccount = accounts.find((a) => !isAccountId(a))
  if (badAccount !== undefined)
    throw new UsageError({ message: `--accounts: "${badAccount}" is not a 12-digit account id` })
  const ous = list(options.ous)
  const badOu = ous.find((ou) => !ou.startsWith("/"))
  if (badOu !== undefined)
    throw new UsageError({
      message: `--ous: "${badOu}" is not an OU path; write it from the root, e.g. /Workloads/Dev`,
    })
  const loaded = loadCatalog()
  if (!loaded.ok) {
    printDiagnostics(out, loaded.diagnostics)
    return undefined
  }
  const config = loadConfigFile(options.config as string, { catalog: loaded.catalog, now: new Date() })
  if (!config.ok) {
    printDiagnostics(out, config.diagnostics)
    return undefined
  }
  const { roles, organization, remediation } = config.config
  const settings: PlanSettings = {
    policy: remediation,
    rules: findingRules(loaded.catalog, config.config.guardrails),
    access: {
      roleName: (options.role as string | undefined) ?? roles.remediation,
      externalId: roles.externalId,
      ...(roles.chain.length > 0 ? { chain: roles.chain } : {}),
    },
    ...(accounts.length > 0 ? { accounts } : {}),
    ...(ous.length > 0 ? { ous } : {}),
    managementAccountId: organization.managementAccountId,
    allowManagementAccount: organization.allowManagementAccount,
  }
  return { config: config.config, settings }
}

const layers = (options: Invocation["options"]) =>
  Layer.merge(
    Layer.mergeAll(rdsLive, credentialBrokerLive()).pipe(
      Layer.provideMerge(stsLive),
      Layer.provide(awsSettings(options)),
    ),
    storeLayer(options),
  )

const itemLine = (item: RemediationItem): string =>
  `${item.accountId} ${item.region} ${item.instanceId}${item.clusterId === undefined ? "" : ` (cluster ${item.clusterId})`}  ${item.action}`

const printPlan = (out: Output, plan: RemediationPlan, config: RampartConfig): void => {
  const instances = new Set(plan.items.map((i) => `${i.accountId}/${i.region}/${i.resourceId}`)).size
  out.stdout(
    `remediation plan: ${plan.items.length} action${plan.items.length === 1 ? "" : "s"} on ${instances} instance${instances === 1 ? "" : "s"}, ${plan.skipped.length} finding${plan.skipped.length === 1 ? "" : "s"} left alone\n`,
  )
  for (const item of plan.items) out.stdout(`  ${itemLine(item)}\n      ${item.rule.name}: ${item.reason}\n`)
  const window = config.remediation.maintenanceWindow
  out.stdout(
    `runs ${formatQuantity(config.remediation.maxConcurrency)} resource(s) at once, stops after ${formatQuantity(config.remediation.maxErrors)} failed action(s), ${window === undefined ? "at any time" : `in the window ${window.days.join(",")} ${window.start}-${window.end} UTC`}\n`,
  )
  const actionable = plan.skipped.filter((s) => s.kind !== "no-action")
  if (actionable.length > 0) out.stdout("left alone:\n")
  for (const s of actionable)
    out.stdout(
      `  ${s.accountId} ${s.region} ${s.instanceId ?? s.resourceId}  ${s.rule}  ${s.kind}: ${s.reason}\n`,
    )
  const noAction = plan.skipped.filter((s) => s.kind === "no-action")
  if (noAction.length > 0)
    out.stdout(
      `${noAction.length} finding(s) of rules no action answers: ${[...new Set(noAction.map((s) => s.rule))].sort().join(", ")}\n`,
    )
}

const formatQuantity = (q: { readonly kind: string; readonly value: number }): string =>
  q.kind === "percent" ? `${q.value}%` : String(q.value)

const planCommand: Command = {
  name: "plan",
  summary:
    "Show what remediation would do with the stored findings, and what it leaves alone and why. Read-only.",
  description:
    "Takes the open NON_COMPLIANT findings of the store (from `rampart scan`) whose rule has an action enabled in\n" +
    "remediation.actions, reads each DB instance through the remediation role, and lists the actions in the order\n" +
    "they would run. Findings it leaves alone are listed with the reason: an exception, an action not enabled, the\n" +
    "management account, an Aurora member (encryption and backups are set on the cluster), an encrypted copy that\n" +
    "already replaces the instance. Exit code 1 when there is something to do.",
  options: sharedOptions,
  examples: ["rampart remediate plan --config rampart.yaml", "rampart remediate plan --json"],
  run: async ({ options, out }) => {
    const loaded = loadSettings(options, out)
    if (loaded === undefined) return ExitCode.badInput
    const program = Effect.gen(function* () {
      yield* migrate
      return yield* planRemediation(loaded.settings)
    })
    const outcome = await Effect.runPromise(Effect.result(program.pipe(Effect.provide(layers(options)))))
    if (outcome._tag === "Failure") {
      out.stderr(`rampart remediate plan: ${outcome.failure._tag}: ${outcome.failure.message}\n`)
      return ExitCode.failure
    }
    const plan = outcome.success
    if (options.json) printJson(out, plan)
    else printPlan(out, plan, loaded.config)
    return plan.items.length > 0 ? ExitCode.findings : ExitCode.ok
  },
}

const resultLine = (result: ItemResult): string => {
  const verdict =
    result.verification === undefined ? "" : `  ${result.verification.rule} ${result.verification.compliance}`
  const replaced = result.replacement === undefined ? "" : ` -> ${result.replacement}`
  return `  ${result.outcome.padEnd(17)} ${itemLine(result.item)}${replaced}${verdict}${result.message === undefined ? "" : `\n      ${result.message}`}`
}

const startCommand: Command = {
  name: "start",
  summary:
    "Remediate what `rampart remediate plan` shows, in waves, journaled and verified; rerun to resume.",
  description:
    "Makes the plan (or, with the id of a remediation already started, takes the plan it stored) and runs it:\n" +
    "remediation.maxConcurrency resources at once, an Aurora cluster's instances one at a time, and no new action\n" +
    "once more than remediation.maxErrors have failed. With remediation.maintenanceWindow it waits for the window\n" +
    "to open before starting an action. Every change is journaled before it is made, so rerunning with the same\n" +
    "--remediation-id after an interruption goes on without repeating a step. Each action is verified by\n" +
    "re-evaluating its rule on the instance. encrypt-rds restores an encrypted copy <source>-rampart-encrypted and\n" +
    "prints the cutover steps; the source is never deleted. Exit code 3 when an action failed or did not start.",
  options: {
    "remediation-id": {
      type: "string",
      valueName: "ID",
      description: "Resume this remediation (or name a new one): lowercase letters, digits and hyphens.",
    },
    poll: {
      type: "string",
      valueName: "SECONDS",
      default: "15",
      description: "How often to look at RDS while a snapshot, copy or change completes.",
    },
    ...sharedOptions,
  },
  examples: [
    "rampart remediate start --config rampart.yaml",
    "rampart remediate start --remediation-id remediation-20261122t103000 # resume",
  ],
  run: async ({ options, out }) => {
    const given = options["remediation-id"] as string | undefined
    if (given !== undefined && !isRemediationId(given))
      throw new UsageError({
        message: `--remediation-id "${given}" cannot name RDS snapshots: use lowercase letters, digits and single hyphens, starting with a letter, at most 40 characters`,
      })
    const poll = Number(options.poll)
    if (!(poll > 0) || poll > 3600)
      throw new UsageError({
        message: `--poll must be a number of seconds above 0 and at most 3600, not "${options.poll}"`,
      })
    const loaded = loadSettings(options, out)
    if (loaded === undefined) return ExitCode.badInput
    const remediationId = given ?? newRemediationId(new Date())
    const progress = progressReporter(out, "actions")
    const started = Date.now()
    const onEvent = (event: RemediationEvent) => {
      if (event.kind === "started") {
        out.stderr(
          `remediation ${remediationId}: ${event.total} action(s) on ${event.resources} resource(s)\n`,
        )
        progress.update({ done: 0, total: event.total, failed: 0, elapsedMillis: 0 })
      } else if (event.kind === "item-finished")
        progress.update({
          done: event.done,
          total: event.total,
          failed: event.failed,
          elapsedMillis: Date.now() - started,
        })
      else if (event.kind === "waiting-for-window")
        out.stderr(`waiting for the maintenance window to open at ${event.until}\n`)
      else if (event.kind === "stopped") out.stderr(`stopping: ${event.reason}\n`)
    }
    const program = Effect.gen(function* () {
      yield* migrate
      const opened = yield* openRemediation(remediationId, planRemediation(loaded.settings))
      const report = yield* runRemediation(opened.plan, {
        remediationId,
        policy: loaded.settings.policy,
        access: loaded.settings.access,
        waits: { pollMillis: poll * 1000, timeoutMillis: 3 * 60 * 60_000 },
        onEvent,
      })
      return { opened, report }
    })
    const outcome = await Effect.runPromise(Effect.result(program.pipe(Effect.provide(layers(options)))))
    progress.finish()
    if (outcome._tag === "Failure") {
      out.stderr(
        `rampart remediate start: ${outcome.failure._tag}: ${outcome.failure.message}\nRerun with --remediation-id ${remediationId} to resume.\n`,
      )
      return ExitCode.failure
    }
    const { opened, report } = outcome.success
    const incomplete = report.counts.failed + report.counts.notStarted
    if (options.json) printJson(out, { resumed: opened.resumed, skipped: opened.plan.skipped, ...report })
    else {
      const c = report.counts
      out.stdout(
        `remediation ${remediationId}${opened.resumed ? " (resumed)" : ""}: ${c.remediated} remediated, ${c.alreadyCompliant} already compliant, ${c.failed} failed, ${c.notStarted} not started\n`,
      )
      for (const result of report.results) {
        out.stdout(`${resultLine(result)}\n`)
        if (result.cutover !== undefined) {
          out.stdout(`      cut over to ${result.replacement} by hand:\n`)
          result.cutover.forEach((step, i) => {
            out.stdout(`        ${i + 1}. ${step}\n`)
          })
        }
      }
      if (report.stopped !== undefined) out.stdout(`stopped: ${report.stopped}\n`)
      if (incomplete > 0)
        out.stdout(`Fix what failed and rerun with --remediation-id ${remediationId} to go on.\n`)
    }
    return incomplete > 0 ? ExitCode.failure : ExitCode.ok
  },
}

export const remediateCommand: Command = {
  name: "remediate",
  summary:
    "Remediate non-compliant RDS instances from the stored findings, in waves, journaled and verified.",
  subcommands: [planCommand, startCommand],
}
