import type { Diagnostic } from "@rampart/model"
import type { Statement } from "../policy.ts"
import { minify } from "../size.ts"
import type { DocumentCheck } from "./lint-check.ts"
import { actionMatches, hasWildcard } from "./private/action-pattern.ts"
import { finding } from "./private/finding.ts"
import { policyJson } from "./private/policy-json.ts"

const sameSet = (a: ReadonlyArray<string> | undefined, b: ReadonlyArray<string> | undefined): boolean =>
  (a === undefined && b === undefined) ||
  (a !== undefined && b !== undefined && a.length === b.length && a.every((x) => b.includes(x)))

/** The Condition with operator names in canonical case and keys sorted, so equal conditions compare equal. */
const conditionKey = (s: Statement): string =>
  JSON.stringify(
    Object.entries(s.condition ?? {})
      .map(([op, keys]) => [
        op.toLowerCase(),
        Object.entries(keys)
          .map(([k, v]) => [k.toLowerCase(), [...v].sort()])
          .sort(),
      ])
      .sort(),
  )

/** Whether one Action entry covers another; for two patterns only an identical one, `*` or `service:*` does. */
const entryCovers = (outer: string, inner: string): boolean => {
  if (outer === "*" || outer.toLowerCase() === inner.toLowerCase()) return true
  if (!hasWildcard(inner)) return actionMatches(outer, inner)
  const colon = inner.indexOf(":")
  return outer.endsWith(":*") && outer.slice(0, -1).toLowerCase() === inner.slice(0, colon + 1).toLowerCase()
}

const actionsCovered = (inner: ReadonlyArray<string>, outer: ReadonlyArray<string>): boolean =>
  inner.every((a) => outer.some((p) => entryCovers(p, a)))

/** Whether `s` adds nothing to `t`: same effect, resources and condition, and `t` already names all its actions. */
const coveredBy = (s: Statement, t: Statement): boolean =>
  s.effect === t.effect &&
  sameSet(s.resource, t.resource) &&
  sameSet(s.notResource, t.notResource) &&
  s.notAction === undefined &&
  t.notAction === undefined &&
  conditionKey(s) === conditionKey(t) &&
  actionsCovered(s.action ?? [], t.action ?? [])

/** A statement that another statement of the same SCP already covers costs characters and changes nothing. */
export const redundantStatementCheck: DocumentCheck = {
  kind: "document",
  name: "redundant-statement",
  level: "warning",
  summary: "A statement is fully covered by another statement of the same SCP.",
  description:
    "When another statement has the same effect, resources and condition and already names every action of this " +
    "one, this statement changes nothing. It still counts against the SCP character quota.",
  help: "Remove the redundant statement, or merge its actions into the other one.",
  check: (subject) => {
    const out: Diagnostic[] = []
    const statements = subject.document.statements
    statements.forEach((s, i) => {
      // Of two identical statements, the later one is reported.
      const by = statements.find((t, j) => j !== i && coveredBy(s, t) && !(j > i && coveredBy(t, s)))
      if (by === undefined) return
      const cost = minify(policyJson({ statements: [s] }).Statement).length - 2
      out.push(
        finding(redundantStatementCheck, subject, {
          severity: "warning",
          at: ["Statement", s.index],
          message: `statement ${s.sid ?? s.index} is covered by statement ${by.sid ?? by.index} (same effect, resources and condition): it changes nothing and costs about ${cost} characters`,
          value: s.sid ?? s.index,
          fix: `remove it${by.sid === undefined ? "" : ` or merge its actions into ${by.sid}`}`,
        }),
      )
    })
    return out
  },
}
