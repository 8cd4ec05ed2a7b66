import type { Diagnostic } from "@rampart/model"
import type { DocumentCheck } from "./lint-check.ts"
import { actionParts } from "./private/action-pattern.ts"
import { finding } from "./private/finding.ts"
import { coveredServices, judgeAction } from "./private/known-actions.ts"

/**
 * AWS accepts any action name in a policy, so a misspelt action silently matches nothing: a Deny that names it
 * protects nothing, a NotAction that names it exempts nothing. For the services Rampart covers, every Action and
 * NotAction entry must name a real action or a pattern that matches one.
 */
export const unknownActionCheck: DocumentCheck = {
  kind: "document",
  name: "unknown-action",
  level: "warning",
  summary: "An action, or action pattern, names no real action of its service.",
  description:
    `For ${coveredServices.join(", ")}, the linter knows the real action names (derived from the AWS SDK and ` +
    "a short list of permission-only actions). AWS accepts unknown action names without complaint, so an entry " +
    "with a typo, or an API operation name that is not an IAM action (s3:ListObjectsV2 is authorized by " +
    "s3:ListBucket), has no effect at all. Other services are not judged.",
  help: "Correct the name (the finding suggests the nearest real action), or use the IAM action that authorizes the operation.",
  check: (subject) => {
    const out: Diagnostic[] = []
    for (const statement of subject.document.statements) {
      for (const element of ["Action", "NotAction"] as const) {
        const entries = element === "Action" ? statement.action : statement.notAction
        entries?.forEach((entry, i) => {
          const parts = actionParts(entry)
          if (parts === undefined) return
          const verdict = judgeAction(parts)
          const at = ["Statement", statement.index, element, i]
          const effect =
            element === "NotAction"
              ? "exempts nothing"
              : statement.effect === "Deny"
                ? "denies nothing"
                : "allows nothing"
          if (verdict.kind === "operation") {
            out.push(
              finding(unknownActionCheck, subject, {
                severity: "warning",
                at,
                message: `"${entry}" is an API operation, not an IAM action: it ${effect}; the operation is authorized by ${verdict.authorizedBy.join(" and ")}`,
                value: entry,
                fix: `use ${verdict.authorizedBy.map((a) => `"${a}"`).join(" and ")}`,
              }),
            )
          } else if (verdict.kind === "unknown") {
            const pattern = /[*?]/.test(parts.name)
            out.push(
              finding(unknownActionCheck, subject, {
                severity: "warning",
                at,
                message: pattern
                  ? `"${entry}" matches no ${parts.service} action: AWS accepts it silently and it ${effect}`
                  : `"${entry}" is not a ${parts.service} action: AWS accepts it silently and it ${effect}`,
                value: entry,
                fix:
                  verdict.suggestion === undefined
                    ? `use a real ${parts.service} action (see the Service Authorization Reference for ${parts.service})`
                    : `did you mean "${verdict.suggestion}"?`,
              }),
            )
          }
        })
      }
    }
    return out
  },
}
