#!/usr/bin/env node
import { parseArgs } from "node:util"
import { formatDiagnostic } from "@rampart/model"
import { startSandbox } from "./sandbox.ts"
import { resolveScenario } from "./scenario/load.ts"
import { exportTrail } from "./trail/export-trail.ts"

const help = `rampart sandbox up — run a local AWS organization that speaks the real AWS wire protocols and enforces SCPs

Usage: rampart sandbox up [options]

Options:
  --port N            Port to listen on (default 4566; 0 picks a free one).
  --host ADDRESS      Address to listen on (default 127.0.0.1).
  --scenario NAME     A scenario file (YAML or JSON) or a built-in: small (default), large, large:N.
  --state-dir DIR     Keep state here; a restarted sandbox resumes from it. In memory when not given.
  --time-scale N      Simulated seconds per real second (default 1).
  --no-activity       Do not run the scenario's background activity.
  --quiet             Do not print activity calls.
  -h, --help          Show this help.

Point clients at it with AWS_ENDPOINT_URL=http://127.0.0.1:4566 (or --endpoint-url for the AWS CLI).
Exit 0 on SIGINT/SIGTERM, 2 for a bad scenario or option, 3 when the port cannot be used.
`

/** `rampart sandbox up`: starts the sandbox and runs until interrupted; returns the exit code. */
export const up = async (
  argv: ReadonlyArray<string>,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> => {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string", default: "4566" },
        host: { type: "string", default: "127.0.0.1" },
        scenario: { type: "string", default: "small" },
        "state-dir": { type: "string" },
        "time-scale": { type: "string", default: "1" },
        "no-activity": { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values
  } catch (error) {
    err(`rampart sandbox up: ${(error as Error).message}\nRun \`rampart sandbox up --help\` for usage.\n`)
    return 2
  }
  if (values.help) {
    out(help)
    return 0
  }
  const port = Number(values.port)
  const timeScale = Number(values["time-scale"])
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    err(`rampart sandbox up: --port must be a port number, got "${values.port}"\n`)
    return 2
  }
  if (!(timeScale > 0) || timeScale > 1_000_000) {
    err(`rampart sandbox up: --time-scale must be a number above 0, got "${values["time-scale"]}"\n`)
    return 2
  }
  const loaded = resolveScenario(String(values.scenario))
  if (!loaded.ok) {
    for (const diagnostic of loaded.diagnostics) err(`${formatDiagnostic(diagnostic)}\n`)
    err("The sandbox was not started.\n")
    return 2
  }
  const scenario = loaded.scenario
  const stateDir = values["state-dir"] as string | undefined
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  try {
    sandbox = await startSandbox({
      scenario,
      port,
      host: String(values.host),
      timeScale,
      ...(stateDir ? { stateDir } : {}),
      activity: values["no-activity"] !== true,
      ...(values.quiet ? {} : { log: (line: string) => out(`${line}\n`) }),
    })
  } catch (error) {
    err(`rampart sandbox up: cannot listen on ${values.host}:${port}: ${(error as Error).message}\n`)
    return 3
  }
  const org = sandbox.parts.store.organization
  const builtIn = !/[./\\]/.test(String(values.scenario))
  const admin = scenario.accessKeys[0]
  out(
    [
      `Rampart sandbox listening on ${sandbox.url}`,
      `  scenario: ${scenario.name}${org ? ` (${Object.keys(org.accounts).length} accounts, ${Object.keys(org.ous).length} OUs, organization ${org.id})` : ""}`,
      `  state: ${stateDir ? `${stateDir}${sandbox.resumed ? " (resumed)" : ""}` : "in memory"}; time scale ${timeScale}x`,
      admin
        ? builtIn
          ? `  export AWS_ENDPOINT_URL=${sandbox.url} AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=${admin.secretAccessKey} AWS_REGION=${scenario.regions[0] ?? "us-east-1"}`
          : `  access key ${admin.accessKeyId} (${admin.role} in ${admin.account}); its secret is in the scenario file`
        : "",
      "",
    ].join("\n"),
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  })
  await sandbox.close()
  out(`Rampart sandbox stopped${stateDir ? `; state saved in ${stateDir}` : ""}.\n`)
  return 0
}

const exportHelp = `rampart sandbox export-trail — write the sandbox's CloudTrail events as CloudTrail log files

Usage: rampart sandbox export-trail --state-dir DIR --out DIR [options]

Writes AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz ({"Records": [...]}), the input of
\`rampart scp replay\`. Works on the state directory of a running or stopped sandbox.

Options:
  --state-dir DIR       The sandbox's state directory.
  --out DIR             Where to write the log files.
  --account ID          Only this account (repeatable).
  --since DATE          Only events at or after this time (ISO 8601).
  --organization-id ID  Use the organization trail layout AWSLogs/<organization id>/<account>/...
  --json                Print the counts as JSON.
  -h, --help            Show this help.
`

/** \`rampart sandbox export-trail\`: answers the exit code. */
export const exportTrailCommand = async (
  argv: ReadonlyArray<string>,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> => {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        "state-dir": { type: "string" },
        out: { type: "string" },
        account: { type: "string", multiple: true },
        since: { type: "string" },
        "organization-id": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values
  } catch (error) {
    err(`rampart sandbox export-trail: ${(error as Error).message}\n`)
    return 2
  }
  if (values.help) {
    out(exportHelp)
    return 0
  }
  const stateDir = values["state-dir"] as string | undefined
  const outDir = values.out as string | undefined
  const since = values.since as string | undefined
  if (!stateDir || !outDir) {
    err("rampart sandbox export-trail: give --state-dir DIR and --out DIR\n")
    return 2
  }
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    err(`rampart sandbox export-trail: --since must be a date, got "${since}"\n`)
    return 2
  }
  const accounts = values.account as string[] | undefined
  const result = await exportTrail({
    stateDir,
    outDir,
    ...(accounts ? { accounts } : {}),
    ...(since ? { since } : {}),
    ...(values["organization-id"] ? { organizationId: values["organization-id"] as string } : {}),
  })
  out(
    values.json
      ? `${JSON.stringify({ files: result.files, events: result.events, skippedLines: result.skippedLines })}\n`
      : `wrote ${result.events} events in ${result.files} files under ${outDir}\n`,
  )
  return 0
}

if (import.meta.main) {
  const [command, ...rest] = process.argv.slice(2)
  const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text)
  if (command === "up") process.exitCode = await up(rest, write(process.stdout), write(process.stderr))
  else if (command === "export-trail")
    process.exitCode = await exportTrailCommand(rest, write(process.stdout), write(process.stderr))
  else {
    process.stderr.write(
      `rampart sandbox: unknown command "${command ?? ""}"; use \`rampart sandbox up --help\`\n`,
    )
    process.exitCode = 2
  }
}
