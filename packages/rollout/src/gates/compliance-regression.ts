import { type Finding, findingKey } from "@rampart/model"
import type { GateDecision } from "./gate-decision.ts"

/** Compliant and non-compliant evaluations, and the share compliant. */
export interface ComplianceTally {
  readonly compliant: number
  readonly nonCompliant: number
  /** compliant / (compliant + non-compliant) x 100; 100 when there is neither (nothing is non-compliant). */
  readonly percent: number
}

/** A resource a rule judged non-compliant after the soak that it had not judged so at the wave's start. */
export interface TurnedNonCompliant {
  readonly finding: Finding
  /** What the rule said before: a status, or `absent` for a resource it had not judged (a new resource). */
  readonly was: Finding["status"] | "absent"
}

/** A rule in one account and Region. */
export interface RuleScope {
  readonly accountId: string
  readonly region: string
  readonly rule: string
}

/** How the compliance of a wave's accounts moved between its start and the end of its soak. */
export interface ComplianceRegression {
  /** Rules judged in both sets in the same account and Region, the only ones compared. */
  readonly compared: ReadonlyArray<RuleScope>
  /** Rules judged only after the soak (a pack the wave deployed there): not counted as regression. */
  readonly newRules: ReadonlyArray<RuleScope>
  /** Rules judged only at the start. */
  readonly goneRules: ReadonlyArray<RuleScope>
  readonly before: ComplianceTally
  readonly after: ComplianceTally
  /** Percentage points lost (before - after), 0 when compliance held or improved. */
  readonly regression: number
  readonly turnedNonCompliant: ReadonlyArray<TurnedNonCompliant>
  /** Accounts and Regions whose findings could not be collected after the soak (collection failures). */
  readonly uncollected: ReadonlyArray<Finding>
}

/** The evaluations of a set of findings, one per (account, Region, rule, resource), the last one winning. */
const evaluations = (findings: ReadonlyArray<Finding>): Map<string, Finding> => {
  const byKey = new Map<string, Finding>()
  for (const finding of findings) if (finding.kind === "evaluation") byKey.set(findingKey(finding), finding)
  return byKey
}

const scopeKey = (f: RuleScope): string => `${f.accountId}|${f.region}|${f.rule}`

const scopeOf = (key: string): RuleScope => {
  const [accountId = "", region = "", rule = ""] = key.split("|")
  return { accountId, region, rule }
}

const tally = (findings: Iterable<Finding>, compared: ReadonlySet<string>): ComplianceTally => {
  let compliant = 0
  let nonCompliant = 0
  for (const finding of findings) {
    if (!compared.has(scopeKey(finding))) continue
    if (finding.status === "COMPLIANT") compliant++
    else if (finding.status === "NON_COMPLIANT") nonCompliant++
  }
  const judged = compliant + nonCompliant
  return { compliant, nonCompliant, percent: judged === 0 ? 100 : (compliant / judged) * 100 }
}

/**
 * Compares the findings of a wave's accounts at the wave's start with those after its soak. Compliance is the
 * share of compliant among compliant and non-compliant evaluations, one per (account, Region, rule, resource);
 * the regression is counted over the rules judged in both sets in the same account and Region only, so the rules
 * of a pack the wave deploys (whose first findings are naturally non-compliant) are not a regression, even where
 * the same pack already ran in other accounts. Collection failures are not evaluations: those after the soak are
 * returned as `uncollected`.
 */
export const complianceRegression = (
  before: ReadonlyArray<Finding>,
  after: ReadonlyArray<Finding>,
): ComplianceRegression => {
  const earlier = evaluations(before)
  const later = evaluations(after)
  const scopesOf = (set: Map<string, Finding>) => new Set([...set.values()].map(scopeKey))
  const earlierScopes = scopesOf(earlier)
  const laterScopes = scopesOf(later)
  const compared = new Set([...earlierScopes].filter((key) => laterScopes.has(key)))
  const beforeTally = tally(earlier.values(), compared)
  const afterTally = tally(later.values(), compared)
  const turnedNonCompliant: TurnedNonCompliant[] = []
  for (const [key, finding] of later) {
    if (!compared.has(scopeKey(finding)) || finding.status !== "NON_COMPLIANT") continue
    const was = earlier.get(key)?.status ?? "absent"
    if (was !== "NON_COMPLIANT") turnedNonCompliant.push({ finding, was })
  }
  turnedNonCompliant.sort((a, b) => findingKey(a.finding).localeCompare(findingKey(b.finding)))
  const listed = (keys: Iterable<string>) => [...keys].sort().map(scopeOf)
  return {
    compared: listed(compared),
    newRules: listed([...laterScopes].filter((key) => !earlierScopes.has(key))),
    goneRules: listed([...earlierScopes].filter((key) => !laterScopes.has(key))),
    before: beforeTally,
    after: afterTally,
    regression: Math.max(0, beforeTally.percent - afterTally.percent),
    turnedNonCompliant,
    uncollected: after.filter((f) => f.kind === "collection-failure"),
  }
}

const points = (value: number): string =>
  `${Number(value.toFixed(2))} percentage point${value === 1 ? "" : "s"}`

/**
 * The compliance-regression gate: fails when the wave's accounts lost more than `maxComplianceRegression`
 * percentage points, and fails closed when some account or Region could not be collected after the soak.
 */
export const evaluateComplianceGate = (
  regression: ComplianceRegression,
  maxComplianceRegression: number,
): GateDecision => {
  if (regression.uncollected.length > 0) {
    const where = regression.uncollected
      .slice(0, 3)
      .map((f) => `${f.accountId} ${f.region} (${f.rule})`)
      .join(", ")
    return {
      gate: "compliance-regression",
      passed: false,
      reason: `the findings of ${regression.uncollected.length} account and Region pair(s) could not be collected after the soak, so compliance cannot be compared: ${where}`,
    }
  }
  const moved = `compliance went from ${Number(regression.before.percent.toFixed(2))}% to ${Number(regression.after.percent.toFixed(2))}% over ${new Set(regression.compared.map((c) => c.rule)).size} rule(s) judged before and after in the same accounts and Regions`
  const turned =
    regression.turnedNonCompliant.length === 0
      ? ""
      : `; ${regression.turnedNonCompliant.length} resource(s) turned non-compliant, e.g. ${regression.turnedNonCompliant
          .slice(0, 3)
          .map((t) => `${t.finding.resourceId} under ${t.finding.rule} in ${t.finding.accountId}`)
          .join(", ")}`
  // Rounding noise in the percentages must not fail a gate set to exactly the regression seen.
  const passed = regression.regression <= maxComplianceRegression + 1e-9
  return {
    gate: "compliance-regression",
    passed,
    reason: passed
      ? `${moved}: a regression of ${points(regression.regression)}, within the ${points(maxComplianceRegression)} allowed${turned}`
      : `${moved}: a regression of ${points(regression.regression)}, more than the ${points(maxComplianceRegression)} allowed${turned}`,
  }
}
