import { detectDrift, memberAccessOf } from "@rampart/rollout"
import { migrate } from "@rampart/store"
import { Effect, Layer } from "effect"
import { awsOptions } from "../aws-settings.ts"
import { type Command, configOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { loadInputs } from "../inputs.ts"
import { count, printDiagnostics, printJson } from "../output.ts"
import { rolloutAwsLayer } from "../rollout-layers.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { memberRoleOption } from "./plan.ts"
import { beginRollout, startOptions } from "./rollout/index.ts"

export const driftCommand: Command = {
  name: "drift",
  summary:
    "List out-of-band changes to what Rampart applied; --reconcile starts a rollout that puts them back.",
  description:
    "Compares every resource Rampart changed with the state its journal says was last applied (by a rollout or a\n" +
    "rollback): a Rampart SCP detached or edited, a conformance pack deleted, a vault lock removed during its grace\n" +
    "time, a role's trust or permissions changed. Read-only, unless --reconcile: then a rollout of the configuration\n" +
    "starts (with its waves, gates and approvals) and puts the drifted resources back. Exit 0 without drift, 1 with\n" +
    "drift (or when the reconciling rollout halts or rolls back), 2 on bad input.",
  options: {
    ...configOption,
    reconcile: { type: "boolean", description: "Start a rollout that puts the drifted resources back." },
    "rollout-id": { type: "string", valueName: "ID", description: "With --reconcile: the rollout's id." },
    ...startOptions,
    ...memberRoleOption,
    ...awsOptions,
    ...storeOptions,
    ...jsonOption,
  },
  examples: ["rampart drift --config examples/rampart.yaml", "rampart drift --reconcile --json"],
  run: async ({ options, out }) => {
    const inputs = loadInputs(options.config as string, options.catalog as string | undefined, new Date())
    if (!inputs.ok) {
      printDiagnostics(out, inputs.diagnostics)
      return ExitCode.badInput
    }
    const { config } = inputs
    const access = memberAccessOf(
      config,
      (options["member-role"] as string | undefined) ?? config.roles.bootstrap,
    )
    const layer = Layer.merge(rolloutAwsLayer(options), storeLayer(options))
    const result = await Effect.runPromise(
      Effect.result(
        migrate.pipe(
          Effect.andThen(detectDrift(access, config.organization.homeRegion)),
          Effect.provide(layer),
        ),
      ),
    )
    if (result._tag === "Failure") {
      const error = result.failure as { readonly _tag: string; readonly message: string }
      out.stderr(`rampart drift: ${error._tag}: ${error.message}\n`)
      return ExitCode.failure
    }
    const report = result.success
    if (options.reconcile && report.drift.length > 0) {
      if (!options.json)
        out.stderr(`${count(report.drift.length, "resource")} drifted; starting a rollout to put them back\n`)
      const rolloutId =
        (options["rollout-id"] as string | undefined) ??
        `reconcile-${new Date().toISOString().replace(/[:.]/g, "-")}`
      return beginRollout(options, out, rolloutId)
    }
    if (options.json) printJson(out, report)
    else {
      out.stdout(
        `${count(report.checked, "resource")} Rampart applied, ${report.drift.length === 0 ? "none drifted" : `${report.drift.length} drifted`}\n`,
      )
      for (const d of report.drift)
        out.stdout(
          `  ${d.key}\n    set by rollout ${d.rolloutId}${d.appliedAt ? ` at ${d.appliedAt}` : ""}; to put back: ${d.reconcile}\n`,
        )
      for (const u of report.unreadable) out.stdout(`  could not read ${u.key}: ${u.reason}\n`)
    }
    return report.drift.length > 0 ? ExitCode.findings : ExitCode.ok
  },
}
