import type { DocumentCheck } from "./lint-check.ts"
import { finding } from "./private/finding.ts"

const current = "2012-10-17"

/**
 * Without `"Version": "2012-10-17"` AWS reads a policy as the 2008 language, in which policy variables such as
 * `${aws:PrincipalTag/team}` are plain text. The parser already rejects a missing Version in SCP text; this check
 * also covers documents built in memory and the old version.
 */
export const versionCheck: DocumentCheck = {
  kind: "document",
  name: "version",
  level: "warning",
  summary: "The SCP does not declare Version 2012-10-17.",
  description:
    "A policy without Version, or with 2008-10-17, is evaluated with the 2008 policy language: policy variables " +
    "(${aws:username}, ${aws:PrincipalTag/team}) are compared as literal text and never match what they name.",
  help: 'Set "Version": "2012-10-17" as the first element of the policy.',
  check: (subject) => {
    const { version } = subject.document
    if (version === current) return []
    const variables = subject.document.statements.some((s) =>
      Object.values(s.condition ?? {}).some((keys) =>
        Object.values(keys).some((values) => values.some((v) => v.includes("${"))),
      ),
    )
    return [
      finding(versionCheck, subject, {
        severity: "warning",
        at: ["Version"],
        message: `${version === undefined ? "Version is missing" : `Version is ${version}`}: AWS evaluates the policy with the 2008 language${variables ? ", so its policy variables are compared as literal text" : ""}`,
        ...(version === undefined ? {} : { value: version }),
        fix: `set "Version": "${current}"`,
      }),
    ]
  },
}
