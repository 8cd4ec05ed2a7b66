import { isAccountId } from "@rampart/model"
import { migrate, queryFindings } from "@rampart/store"
import { Effect } from "effect"
import { type Command, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printJson } from "../output.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { UsageError } from "../usage-error.ts"

const statuses = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA", "ERROR"]

export const findingsCommand: Command = {
  name: "findings",
  summary: "Query the findings scans stored, with their history markers (first seen, last seen, resolved).",
  options: {
    account: { type: "string", valueName: "ID", description: "Only this account." },
    status: { type: "string", valueName: "STATUS", description: `Only this status: ${statuses.join(", ")}.` },
    open: { type: "boolean", description: "Only findings not resolved." },
    ...storeOptions,
    ...jsonOption,
  },
  examples: [
    "rampart findings --status NON_COMPLIANT --open",
    "rampart findings --account 222222222202 --json",
  ],
  run: async ({ options, out }) => {
    const account = options.account as string | undefined
    const status = options.status as string | undefined
    if (account !== undefined && !isAccountId(account))
      throw new UsageError({ message: `--account: "${account}" is not a 12-digit account id` })
    if (status !== undefined && !statuses.includes(status))
      throw new UsageError({ message: `--status must be one of ${statuses.join(", ")}` })
    const store = storeLayer(options)
    const program = Effect.gen(function* () {
      yield* migrate
      return yield* queryFindings({
        ...(account ? { accountId: account } : {}),
        ...(status ? { status } : {}),
        open: options.open === true,
      })
    })
    const findings = await Effect.runPromise(program.pipe(Effect.provide(store)))
    if (options.json) printJson(out, findings)
    else {
      for (const f of findings) {
        out.stdout(
          `${f.status.padEnd(14)} ${f.accountId} ${f.region}  ${f.rule}  ${f.resourceType} ${f.resourceId}  first ${f.firstSeen.slice(0, 16)}${f.resolvedAt ? ` resolved ${f.resolvedAt.slice(0, 16)}` : ""}\n`,
        )
        if (f.annotation) out.stdout(`               ${f.annotation}\n`)
      }
      out.stdout(`${findings.length} findings\n`)
    }
    return ExitCode.ok
  },
}
