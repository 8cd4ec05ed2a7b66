import { formatDiagnostic } from "@rampart/model"
import type { LintReport } from "./lint-policies.ts"

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The report for a terminal: each finding with its fix, then one line of totals. */
export const formatLintReport = (report: LintReport): string => {
  const errors = report.diagnostics.filter((d) => d.severity === "error").length
  const warnings = report.diagnostics.length - errors
  const summary = `${count(errors, "error", "errors")}, ${count(warnings, "warning", "warnings")} in ${count(report.documents.length, "policy", "policies")}`
  return [...report.diagnostics.map(formatDiagnostic), summary].join("\n")
}
