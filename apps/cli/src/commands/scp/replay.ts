import { existsSync } from "node:fs"
import type { Diagnostic } from "@rampart/model"
import {
  type EventBatch,
  type HierarchySet,
  readEventBatches,
  readHierarchy,
  readHierarchySet,
  renderImpactJson,
  renderImpactText,
  replayEvents,
} from "@rampart/scp"
import { type Command, jsonOption } from "../../command.ts"
import { ExitCode } from "../../exit-code.ts"
import { readJsonFile } from "../../json-file.ts"
import type { Output } from "../../output.ts"
import { printDiagnostics } from "../../output.ts"
import { UsageError } from "../../usage-error.ts"

/** A hierarchy file (as for `scp simulate`) used for every account, or a set of hierarchies by account. */
const readSet = (
  path: string,
): { ok: true; set: HierarchySet } | { ok: false; diagnostics: ReadonlyArray<Diagnostic> } => {
  const json = readJsonFile(path)
  if (!json.ok) return json
  const value = json.value as { levels?: unknown }
  if (value !== null && typeof value === "object" && "levels" in value) {
    const one = readHierarchy(value, path)
    return one.ok ? { ok: true, set: { hierarchies: one.hierarchy } } : one
  }
  return readHierarchySet(value, path)
}

/** Passes batches through while showing how many events have been read, on a terminal. */
async function* withProgress(batches: AsyncIterable<EventBatch>, out: Output): AsyncGenerator<EventBatch> {
  let events = 0
  let files = 0
  let last = ""
  const started = performance.now()
  for await (const batch of batches) {
    events += batch.events.length
    if (batch.file !== last) {
      files++
      last = batch.file
    }
    if (out.interactive) {
      const seconds = (performance.now() - started) / 1000
      out.stderr(
        `\r  read ${events.toLocaleString("en-US")} events from ${files} file(s), ${Math.round(events / Math.max(seconds, 0.001)).toLocaleString("en-US")}/s`,
      )
    }
    yield batch
  }
  if (out.interactive) out.stderr("\n")
}

export const replayCommand: Command = {
  name: "replay",
  summary: "Replay CloudTrail events under the current and the proposed SCPs: what would newly be denied.",
  description:
    'Reads CloudTrail log files ({"Records": [...]}), JSON lines or LookupEvents output, gzip or not, from files or\n' +
    "folders. Each request is rebuilt (action, principal, account, region, the condition keys Rampart's guardrails\n" +
    "test) and evaluated under both hierarchies. Requests the proposed SCPs would newly deny are grouped by account,\n" +
    "principal and action with counts, first and last time and an example; requests whose deciding keys CloudTrail\n" +
    "did not record are reported as unknown, never assumed allowed. The hierarchy files take the `scp simulate`\n" +
    'format (used for every account) or {"hierarchies": {"<account id>": <hierarchy>, ...}}.\n' +
    "Exit 0 when nothing would newly be denied or be unknown, 1 otherwise, 2 for bad input.",
  options: {
    events: {
      type: "string",
      multiple: true,
      valueName: "PATH",
      description: "CloudTrail files or folders.",
    },
    current: { type: "string", valueName: "FILE", description: "The SCP hierarchy (or set) in force." },
    proposed: { type: "string", valueName: "FILE", description: "The SCP hierarchy (or set) proposed." },
    top: {
      type: "string",
      valueName: "N",
      default: "20",
      description: "Groups listed per section in text output.",
    },
    ...jsonOption,
  },
  examples: ["rampart scp replay --events trail/ --current now.json --proposed with-rds-guardrail.json"],
  run: async ({ options, out }) => {
    const events = options.events as ReadonlyArray<string> | undefined
    const currentPath = options.current as string | undefined
    const proposedPath = options.proposed as string | undefined
    if (!events || events.length === 0 || !currentPath || !proposedPath)
      throw new UsageError({ message: "give --events PATH, --current FILE and --proposed FILE" })
    const top = Number(options.top)
    if (!Number.isInteger(top) || top < 1)
      throw new UsageError({ message: `--top must be a whole number of at least 1, got "${options.top}"` })
    const missing = events.filter((path) => !existsSync(path))
    const current = readSet(currentPath)
    const proposed = readSet(proposedPath)
    const problems: Diagnostic[] = [
      ...missing.map(
        (file): Diagnostic => ({
          severity: "error",
          code: "file.unreadable",
          file,
          path: "",
          message: "no such file or folder",
          fix: "check the --events path",
        }),
      ),
      ...(current.ok ? [] : current.diagnostics),
      ...(proposed.ok ? [] : proposed.diagnostics),
    ]
    if (problems.length > 0 || !current.ok || !proposed.ok) {
      printDiagnostics(out, problems)
      return ExitCode.badInput
    }
    const report = await replayEvents(withProgress(readEventBatches(events), out), {
      current: current.set,
      proposed: proposed.set,
    })
    out.stdout(options.json ? renderImpactJson(report) : renderImpactText(report, { top }))
    if (report.totals.eventsRead === 0 && report.diagnostics.length > 0) return ExitCode.badInput
    return report.newlyDenied.length > 0 || report.unknown.length > 0 ? ExitCode.findings : ExitCode.ok
  },
}
