import { formatDiagnostic } from "@rampart/model"
import type { DecidedBy } from "../decision.ts"
import type { ImpactGroup, ImpactReport } from "./impact-report.ts"
import { type SkipReason, skipReasonText } from "./skip-reason.ts"

export interface RenderOptions {
  /** Groups listed per section (default 20); the rest are summed up in one line. */
  readonly top?: number
  /** Diagnostics listed (default 10). */
  readonly diagnostics?: number
}

const count = (n: number): string => n.toLocaleString("en-US")
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`

const statement = (by: DecidedBy): string =>
  `${by.policy}${by.sid ? ` (${by.sid})` : ` statement ${by.statement}`} at ${by.level}`

const groupLines = (group: ImpactGroup, index: number, kind: "denied" | "unknown"): string[] => {
  const lines = [
    `  ${index + 1}. ${plural(group.count, "event")}  ${group.action}`,
    `     by ${group.principal} in ${group.account}`,
  ]
  if (group.firstSeen !== undefined) {
    lines.push(
      `     ${group.firstSeen === group.lastSeen ? group.firstSeen : `${group.firstSeen} … ${group.lastSeen}`}`,
    )
  }
  if (kind === "unknown") {
    lines.push(`     depends on: ${(group.unknownKeys ?? []).join(", ") || "(see reason)"}`)
    if (group.decidedBy.length > 0)
      lines.push(`     might be decided by ${group.decidedBy.map(statement).join("; ")}`)
  } else if (group.decidedBy.length > 0) {
    lines.push(`     denied by ${group.decidedBy.map(statement).join("; ")}`)
  } else lines.push(`     ${group.reason}`)
  if (group.resources.length > 0) lines.push(`     resources: ${group.resources.join(", ")}`)
  if (group.deniedInReality > 0)
    lines.push(`     ${plural(group.deniedInReality, "call")} already refused by AWS at the time`)
  const example = group.example
  lines.push(
    `     example: ${example.eventId ?? "(no eventID)"}${example.eventTime ? ` at ${example.eventTime}` : ""}${example.file ? ` in ${example.file}` : ""}`,
  )
  return lines
}

const section = (
  title: string,
  groups: ReadonlyArray<ImpactGroup>,
  kind: "denied" | "unknown",
  top: number,
): string[] => {
  if (groups.length === 0) return []
  const lines = ["", `${title} (most events first):`]
  groups.slice(0, top).forEach((group, i) => {
    lines.push(...groupLines(group, i, kind))
  })
  const rest = groups.slice(top)
  if (rest.length > 0) {
    const events = rest.reduce((sum, g) => sum + g.count, 0)
    lines.push(
      `  … and ${plural(rest.length, "more group")} (${plural(events, "event")}): see the JSON report`,
    )
  }
  return lines
}

/** The report as a person reads it in a terminal: the verdict first, then the largest groups. */
export const renderImpactText = (report: ImpactReport, options: RenderOptions = {}): string => {
  const top = options.top ?? 20
  const t = report.totals
  const lines = [
    `Replayed ${plural(t.eventsRead, "event")} from ${plural(t.files, "file")}: ${count(t.evaluated)} evaluated, ${count(t.skipped)} skipped, ${plural(t.distinctRequests, "distinct request")}`,
    "",
    `  NEWLY DENIED  ${plural(t.newlyDenied, "event")} in ${plural(report.newlyDenied.length, "group")}`,
    `  UNKNOWN       ${plural(t.unknown, "event")} in ${plural(report.unknown.length, "group")} (the decision depends on what CloudTrail did not record)`,
    `  already denied ${count(t.alreadyDenied)} · unaffected ${count(t.unaffected)} · exempt from SCPs ${count(t.exempt)} · refused by AWS at the time ${count(t.deniedInReality)}`,
  ]
  if (t.newlyDenied === 0 && t.unknown === 0) {
    lines.push("", "Nothing replayed would be newly denied by the proposed SCPs.")
  }
  lines.push(...section("Newly denied", report.newlyDenied, "denied", top))
  lines.push(...section("Unknown", report.unknown, "unknown", top))
  const skipped = Object.entries(t.skippedByReason) as Array<[SkipReason, number]>
  if (skipped.length > 0) {
    lines.push("", "Skipped:")
    for (const [reason, n] of skipped.sort((a, b) => b[1] - a[1])) {
      lines.push(`  ${count(n).padStart(10)}  ${skipReasonText[reason]}`)
    }
  }
  if (report.diagnostics.length > 0) {
    const shown = options.diagnostics ?? 10
    lines.push("", `Problems reading the input (${count(report.diagnostics.length)}):`)
    for (const d of report.diagnostics.slice(0, shown))
      lines.push(`  ${formatDiagnostic(d).replaceAll("\n", "\n  ")}`)
    if (report.diagnostics.length > shown)
      lines.push(`  … and ${count(report.diagnostics.length - shown)} more`)
  }
  return `${lines.join("\n")}\n`
}

/** The report as JSON, for machines and for keeping. */
export const renderImpactJson = (report: ImpactReport): string => `${JSON.stringify(report, null, 2)}\n`
