import { type Diagnostic, nearest } from "@rampart/model"
import {
  globalConditionKey,
  globalConditionKeys,
  globalTagKeyPrefixes,
  isGlobalNamespace,
} from "./global-condition-keys.ts"
import type { DocumentCheck } from "./lint-check.ts"
import { conditionTests, whenAbsent } from "./private/condition.ts"
import { finding } from "./private/finding.ts"

const candidates = [...globalConditionKeys.map((k) => k.name), ...globalTagKeyPrefixes]

/** The tag-key prefix a key was probably meant to be, when it is the prefix without a tag key. */
const tagPrefixMeant = (key: string): string | undefined =>
  globalTagKeyPrefixes.find((p) => p.toLowerCase() === `${key.toLowerCase().replace(/\/$/, "")}/`)

/**
 * A key in the `aws:` namespace that is not a global condition key is never in the request context: a normal
 * operator on it is always false (the statement never applies), a negated one always true.
 */
export const globalConditionKeyCheck: DocumentCheck = {
  kind: "document",
  name: "global-condition-key",
  level: "warning",
  summary: "A condition key in the aws: namespace is not a global condition key.",
  description:
    "Keys starting with aws: are the global condition keys AWS defines; any other aws: key is never present in a " +
    "request. A condition on it is always false with a normal operator (a Deny never fires) and always true with " +
    "a negated one (an exception exempts nobody). Tag keys are written aws:PrincipalTag/<key>, " +
    "aws:RequestTag/<key> and aws:ResourceTag/<key>.",
  help: "Correct the key name (the finding suggests the nearest global key), or use the service's own key prefix.",
  check: (subject) => {
    const out: Diagnostic[] = []
    for (const statement of subject.document.statements) {
      for (const test of conditionTests(statement)) {
        const { key } = test
        if (!isGlobalNamespace(key) || globalConditionKey(key) !== undefined) continue
        const prefix = tagPrefixMeant(key)
        const close = prefix === undefined ? nearest(key, candidates) : undefined
        out.push(
          finding(globalConditionKeyCheck, subject, {
            severity: "warning",
            at: ["Statement", statement.index, "Condition", test.operatorText, key],
            message: `"${key}" is not a global condition key: it is never in the request, so ${test.operatorText} on it is always ${whenAbsent(test)}`,
            value: key,
            fix:
              prefix !== undefined
                ? `name the tag: "${prefix}<tag-key>"`
                : close === undefined
                  ? "use a global condition key (IAM User Guide, AWS global condition context keys) or the service's own prefix"
                  : `did you mean "${close}"?`,
          }),
        )
      }
    }
    return out
  },
}
