import { isIP } from "node:net"
import type { Diagnostic } from "@rampart/model"
import type { ConditionFamily } from "../condition-operator.ts"
import type { Statement } from "../policy.ts"
import { globalConditionKey } from "./global-condition-keys.ts"
import type { DocumentCheck, LintSubject } from "./lint-check.ts"
import { actionParts } from "./private/action-pattern.ts"
import { type ConditionTest, conditionTests, usesPolicyVariable, whenAbsent } from "./private/condition.ts"
import { finding } from "./private/finding.ts"
import { judgeAction } from "./private/known-actions.ts"

const isBool = (v: string) => v.toLowerCase() === "true" || v.toLowerCase() === "false"
const isNumber = (v: string) => v.trim() !== "" && Number.isFinite(Number(v))
const isDate = (v: string) =>
  /^\d+$/.test(v) ||
  (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)))
const isIpOrCidr = (v: string) => {
  const [address = "", prefix, ...rest] = v.split("/")
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}
/** Region names: area, optional partition infix, direction, number (`us-east-1`, `us-gov-west-1`, `ap-southeast-5`). */
const isRegion = (v: string) =>
  /^[a-z]{2}(-(gov|iso|isob|isoe|isof))?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/.test(
    v,
  )

/** The values a family of operators can compare, with how to say it. */
const valueRules: Partial<Record<ConditionFamily, { ok: (v: string) => boolean; takes: string }>> = {
  Bool: { ok: isBool, takes: '"true" or "false"' },
  Null: { ok: isBool, takes: '"true" (the key is absent) or "false" (it is present)' },
  Numeric: { ok: isNumber, takes: "numbers" },
  Date: { ok: isDate, takes: "ISO 8601 dates (2026-05-15T00:00:00Z) or epoch seconds" },
  IpAddress: { ok: isIpOrCidr, takes: "IP addresses or CIDR ranges (203.0.113.0/24)" },
}

const exactStringOperators = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
])

/**
 * Statements that can never apply, or conditions that contradict themselves: AWS accepts them, and the
 * guardrail they were meant to be silently does nothing.
 */
export const neverMatchesCheck: DocumentCheck = {
  kind: "document",
  name: "never-matches",
  level: "error",
  summary: "A statement or condition can never match a request.",
  description:
    'AWS accepts policies whose statements can never apply: NotAction or NotResource of "*", actions that do ' +
    "not exist, a key required to be absent (Null: true) and tested by another operator at the same time, values " +
    'an operator cannot compare (Bool "yes", a Numeric "ten", a malformed date or CIDR, a Region that does ' +
    "not exist). A Deny written that way protects nothing. Certain contradictions are errors; suspicious ones " +
    "(set operators on single-valued keys, wildcards under StringEquals) are warnings.",
  help: "Rewrite the statement or condition so that it can match the requests it is meant for.",
  check: (subject) =>
    subject.document.statements.flatMap((s) => [
      ...elementProblems(subject, s),
      ...conditionProblems(subject, s),
    ]),
}

const elementProblems = (subject: LintSubject, statement: Statement): Diagnostic[] => {
  const out: Diagnostic[] = []
  const at = ["Statement", statement.index]
  const everything = (element: "NotAction" | "NotResource", values: ReadonlyArray<string> | undefined) => {
    const i = values?.indexOf("*") ?? -1
    if (i < 0) return
    out.push(
      finding(neverMatchesCheck, subject, {
        severity: "error",
        at: [...at, element, i],
        message: `${element} "*" excludes every ${element === "NotAction" ? "action" : "resource"}: the statement never applies`,
        value: "*",
        fix: `name what the statement applies to in ${element === "NotAction" ? "Action" : "Resource"}, or remove the statement`,
      }),
    )
  }
  everything("NotAction", statement.notAction)
  everything("NotResource", statement.notResource)
  const actions = statement.action ?? []
  const dead = actions.filter((a) => {
    const parts = actionParts(a)
    if (parts === undefined) return false
    const verdict = judgeAction(parts)
    return verdict.kind === "unknown" || verdict.kind === "operation"
  })
  if (actions.length > 0 && dead.length === actions.length) {
    out.push(
      finding(neverMatchesCheck, subject, {
        severity: "warning",
        at: [...at, "Action"],
        message: `none of the statement's actions exists (${dead.join(", ")}): it never applies`,
        value: dead,
        fix: "correct the action names (see scp.unknown-action for each)",
      }),
    )
  }
  return out
}

const conditionProblems = (subject: LintSubject, statement: Statement): Diagnostic[] => {
  const out: Diagnostic[] = []
  const tests = conditionTests(statement)
  const at = (test: ConditionTest) => ["Statement", statement.index, "Condition", test.operatorText, test.key]
  for (const test of tests) {
    const { operator, key } = test
    const checked = test.values.filter((v) => !usesPolicyVariable(v))
    // A value the operator cannot compare never matches; with every value like that, nothing does.
    const rule = valueRules[operator.family]
    const regionTest =
      key.toLowerCase() === "aws:requestedregion" &&
      exactStringOperators.has(operator.base) &&
      !/IgnoreCase/.test(operator.base)
    const bad = rule
      ? checked.filter((v) => !rule.ok(v))
      : regionTest
        ? checked.filter((v) => !isRegion(v))
        : []
    if (bad.length > 0) {
      const certain = bad.length === test.values.length && !operator.negated && !whenAbsent(test)
      const takes = rule?.takes ?? "Region names in lower case (eu-west-1)"
      out.push(
        finding(neverMatchesCheck, subject, {
          severity: certain ? "error" : "warning",
          at: at(test),
          message: certain
            ? `${test.operatorText} compares ${takes}; ${bad.map((v) => `"${v}"`).join(", ")} never matches, so the statement never applies`
            : `${test.operatorText} compares ${takes}; ${bad.map((v) => `"${v}"`).join(", ")} never matches`,
          value: bad.length === 1 ? bad[0] : bad,
          fix: `write ${takes}`,
        }),
      )
    }
    if (operator.set !== undefined) {
      const global = globalConditionKey(key)
      if (global !== undefined && global.multivalued !== true) {
        out.push(
          finding(neverMatchesCheck, subject, {
            severity: "warning",
            at: at(test),
            message: `${operator.set} is for keys with several values; ${key} has one value${operator.set === "ForAllValues" ? ", and ForAllValues is also true when the key is absent" : ""}`,
            value: test.operatorText,
            fix: `use ${test.operatorText.slice(test.operatorText.indexOf(":") + 1)} without ${operator.set}:`,
          }),
        )
      }
    }
    if (exactStringOperators.has(operator.base) && checked.some((v) => /[*?]/.test(v))) {
      out.push(
        finding(neverMatchesCheck, subject, {
          severity: "warning",
          at: at(test),
          message: `${operator.base} compares literally: "*" and "?" in ${checked.filter((v) => /[*?]/.test(v)).join(", ")} are not wildcards`,
          value: test.values,
          fix: `use ${operator.base.replace("Equals", "Like").replace("IgnoreCase", "")} for patterns`,
        }),
      )
    }
  }
  // A key required to be absent cannot also satisfy a test that is false when the key is absent.
  for (const absent of tests) {
    if (absent.operator.family !== "Null" || !absent.values.every((v) => v.toLowerCase() === "true")) continue
    for (const other of tests) {
      if (other === absent || other.key.toLowerCase() !== absent.key.toLowerCase()) continue
      if (other.operator.family === "Null" || whenAbsent(other)) continue
      out.push(
        finding(neverMatchesCheck, subject, {
          severity: "error",
          at: at(other),
          message: `${absent.key} must be absent (Null: "true") and also satisfy ${other.operatorText}, which is false when it is absent: the statement never applies`,
          value: other.values,
          fix: `split the statement: one with Null "${absent.key}": "true", one with ${other.operatorText} (or use ${other.operator.base}IfExists)`,
        }),
      )
    }
  }
  return out
}
