import { writeFileSync } from "node:fs"
import { organizationsLive, readOrganizationTree } from "@rampart/aws"
import { effectiveScps } from "@rampart/collector"
import { listOrgSnapshots, migrate, readOrgSnapshot, recordOrgSnapshot } from "@rampart/store"
import { Effect, Layer } from "effect"
import { awsOptions, awsSettings } from "../aws-settings.ts"
import { type Command, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printJson } from "../output.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { UsageError } from "../usage-error.ts"

const snapshotCommand: Command = {
  name: "snapshot",
  summary: "Read the organization (tree, accounts, SCP attachments, effective SCPs per account), read-only.",
  description:
    "Uses the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL) with read access to Organizations\n" +
    "in the management account or a delegated administrator. `--hierarchies FILE` writes every account's effective\n" +
    "SCPs in the format `rampart scp replay --current` reads. Each snapshot is also kept in the store (see\n" +
    "`rampart org history`) unless --no-store is given.",
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
    "no-store": { type: "boolean", description: "Do not keep the snapshot in the store." },
    ...awsOptions,
    ...storeOptions,
    ...jsonOption,
  },
  examples: ["rampart org snapshot --out org.json --hierarchies current-scps.json"],
  run: async ({ options, out }) => {
    const layer = organizationsLive.pipe(Layer.provide(awsSettings(options)))
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
    const takenAt = new Date()
    const snapshot = { takenAt: takenAt.toISOString(), ...tree, effectiveScps: hierarchies }
    const stored =
      options["no-store"] === true
        ? undefined
        : await Effect.runPromise(
            Effect.gen(function* () {
              yield* migrate
              return yield* recordOrgSnapshot(tree.id, snapshot, takenAt)
            }).pipe(Effect.provide(storeLayer(options))),
          )
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
      ...(stored !== undefined ? { storedAs: stored } : {}),
    }
    if (options.json && file === undefined) printJson(out, snapshot)
    else if (options.json) printJson(out, summary)
    else
      out.stdout(
        `organization ${summary.organization} (management ${summary.managementAccountId}): ${summary.accounts} accounts, ${summary.ous} OUs, ${summary.scps} SCPs${file ? `; written to ${file}` : ""}${stored !== undefined ? `; stored as snapshot ${stored}` : ""}\n`,
      )
    return ExitCode.ok
  },
}

const historyCommand: Command = {
  name: "history",
  summary: "List the organization snapshots kept in the store, newest first; --show ID prints one whole.",
  options: {
    show: { type: "string", valueName: "ID", description: "Print this stored snapshot (JSON)." },
    limit: { type: "string", valueName: "N", description: "How many to list (default 20)." },
    ...storeOptions,
    ...jsonOption,
  },
  examples: ["rampart org history", "rampart org history --show 3 > org-then.json"],
  run: async ({ options, out }) => {
    const show = options.show as string | undefined
    if (show !== undefined && !/^[1-9][0-9]*$/.test(show))
      throw new UsageError({ message: `--show: "${show}" is not a snapshot id (a positive integer)` })
    const limitText = (options.limit as string | undefined) ?? "20"
    if (!/^[1-9][0-9]*$/.test(limitText))
      throw new UsageError({ message: `--limit: "${limitText}" is not a positive integer` })
    const store = storeLayer(options)
    if (show !== undefined) {
      const body = await Effect.runPromise(
        Effect.gen(function* () {
          yield* migrate
          return yield* readOrgSnapshot(Number(show))
        }).pipe(Effect.provide(store)),
      )
      if (body === undefined) {
        out.stderr(`rampart org history: no stored snapshot ${show}\n`)
        return ExitCode.failure
      }
      printJson(out, body)
      return ExitCode.ok
    }
    const entries = await Effect.runPromise(
      Effect.gen(function* () {
        yield* migrate
        return yield* listOrgSnapshots(Number(limitText))
      }).pipe(Effect.provide(store)),
    )
    if (options.json) printJson(out, entries)
    else {
      for (const e of entries)
        out.stdout(
          `${String(e.id).padStart(5)}  ${e.takenAt}  ${e.organizationId}  ${e.accounts} accounts, ${e.ous} OUs\n`,
        )
      out.stdout(`${entries.length} snapshots\n`)
    }
    return ExitCode.ok
  },
}

export const orgCommand: Command = {
  name: "org",
  summary:
    "Read the organization: tree, accounts, attachments, effective SCPs; and the snapshots kept of it.",
  subcommands: [snapshotCommand, historyCommand],
}
