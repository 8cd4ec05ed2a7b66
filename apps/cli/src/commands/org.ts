import { writeFileSync } from "node:fs"
import { clientSettingsFromEnvironment, organizationsLive, readOrganizationTree } from "@rampart/aws"
import { effectiveScps } from "@rampart/collector"
import { Effect, Layer } from "effect"
import { type Command, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printJson } from "../output.ts"

const snapshotCommand: Command = {
  name: "snapshot",
  summary: "Read the organization (tree, accounts, SCP attachments, effective SCPs per account), read-only.",
  description:
    "Uses the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL) with read access to Organizations\n" +
    "in the management account or a delegated administrator. `--hierarchies FILE` writes every account's effective\n" +
    "SCPs in the format `rampart scp replay --current` reads.",
  options: {
    out: {
      type: "string",
      valueName: "FILE",
      description: "Write the snapshot (JSON) here instead of printing a summary.",
    },
    hierarchies: {
      type: "string",
      valueName: "FILE",
      description: 'Write each account\'s effective SCPs ({"hierarchies": {...}}).',
    },
    ...jsonOption,
  },
  examples: ["rampart org snapshot --out org.json --hierarchies current-scps.json"],
  run: async ({ options, out }) => {
    const layer = organizationsLive.pipe(Layer.provide(clientSettingsFromEnvironment()))
    const result = await Effect.runPromise(Effect.result(readOrganizationTree.pipe(Effect.provide(layer))))
    if (result._tag === "Failure") {
      const error = result.failure
      out.stderr(
        `rampart org snapshot: ${error._tag} on ${error.service}:${error.operation}: ${error.message}\n`,
      )
      return ExitCode.failure
    }
    const tree = result.success
    const hierarchies = effectiveScps(tree)
    const snapshot = { takenAt: new Date().toISOString(), ...tree, effectiveScps: hierarchies }
    const file = options.out as string | undefined
    if (file !== undefined) writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`)
    const hierarchiesFile = options.hierarchies as string | undefined
    if (hierarchiesFile !== undefined)
      writeFileSync(hierarchiesFile, `${JSON.stringify({ hierarchies }, null, 2)}\n`)
    const summary = {
      organization: tree.id,
      managementAccountId: tree.managementAccountId,
      accounts: tree.accounts.length,
      ous: tree.ous.length,
      scps: Object.keys(tree.policies).length,
    }
    if (options.json && file === undefined) printJson(out, snapshot)
    else if (options.json) printJson(out, summary)
    else
      out.stdout(
        `organization ${summary.organization} (management ${summary.managementAccountId}): ${summary.accounts} accounts, ${summary.ous} OUs, ${summary.scps} SCPs${file ? `; written to ${file}` : ""}\n`,
      )
    return ExitCode.ok
  },
}

export const orgCommand: Command = {
  name: "org",
  summary: "Read the organization: tree, accounts, attachments, effective SCPs.",
  subcommands: [snapshotCommand],
}
