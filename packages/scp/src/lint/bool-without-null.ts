import type { Diagnostic } from "@rampart/model"
import type { Statement } from "../policy.ts"
import { globalConditionKey } from "./global-condition-keys.ts"
import type { DocumentCheck } from "./lint-check.ts"
import { actionMatches } from "./private/action-pattern.ts"
import { conditionTests } from "./private/condition.ts"
import { finding } from "./private/finding.ts"

/** Whether a request can lack the key: service keys depend on the parameters sent, some global keys on the caller. */
const canBeAbsent = (key: string): boolean => globalConditionKey(key)?.alwaysPresent !== true

/** The Deny statements of the document that fire when `key` is absent (`Null: {key: "true"}`). */
const nullDenies = (statements: ReadonlyArray<Statement>, key: string): ReadonlyArray<Statement> =>
  statements.filter(
    (s) =>
      s.effect === "Deny" &&
      conditionTests(s).some(
        (t) =>
          t.operator.family === "Null" &&
          t.key.toLowerCase() === key.toLowerCase() &&
          t.values.some((v) => v.toLowerCase() === "true"),
      ),
  )

/**
 * The `rds:StorageEncrypted` gap: `Bool {key: "false"}` does not match a request that omits the key, so a Deny
 * written only that way lets through every caller who does not send the parameter. A second Deny with
 * `Null {key: "true"}` on the same actions closes the gap.
 */
export const boolWithoutNullCheck: DocumentCheck = {
  kind: "document",
  name: "bool-without-null",
  level: "warning",
  summary: 'A Deny tests a key with Bool "false" but nothing denies the requests that omit the key.',
  description:
    "A Bool condition is false when its key is absent from the request. A Deny of rds:CreateDBCluster when " +
    'rds:StorageEncrypted is "false" therefore does not deny a request that leaves StorageEncrypted out. Unless ' +
    'another Deny in the same SCP covers the same actions with Null: {key: "true"}, callers who omit the ' +
    "parameter are not denied.",
  help:
    'Add a Deny statement on the same actions with "Null": {"<key>": "true"} (and the same exemptions). Put it ' +
    "only on the actions that define the key: on actions that never carry it (RDS restores and read replicas " +
    "for rds:StorageEncrypted) it would deny every call.",
  check: (subject) => {
    const out: Diagnostic[] = []
    const statements = subject.document.statements
    for (const statement of statements) {
      if (statement.effect !== "Deny") continue
      for (const test of conditionTests(statement)) {
        const { operator, key } = test
        if (operator.family !== "Bool" || operator.ifExists || operator.set !== undefined) continue
        if (!test.values.some((v) => v.toLowerCase() === "false") || !canBeAbsent(key)) continue
        const closers = nullDenies(statements, key)
        const actions = statement.action ?? []
        const uncovered = statement.notAction
          ? closers.some((c) => sameList(c.notAction, statement.notAction))
            ? []
            : [`every action but ${statement.notAction.join(", ")}`]
          : actions.filter((a) => !closers.some((c) => (c.action ?? []).some((p) => actionMatches(p, a))))
        if (uncovered.length === 0) continue
        const shown = uncovered.join(", ")
        out.push(
          finding(boolWithoutNullCheck, subject, {
            severity: "warning",
            at: ["Statement", statement.index, "Condition", test.operatorText, key],
            message: `this Deny fires when ${key} is "false", but a request that omits ${key} is not denied (Bool is false for an absent key): ${shown} ${uncovered.length === 1 ? "is" : "are"} open to callers who leave the parameter out`,
            value: test.values,
            fix: `add a Deny of ${shown} with "Null": {"${key}": "true"} and the same exemptions, only on actions that define ${key}`,
          }),
        )
      }
    }
    return out
  },
}

const sameList = (a: ReadonlyArray<string> | undefined, b: ReadonlyArray<string> | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  a.length === b.length &&
  a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()))
