import type { DocumentCheck } from "./lint-check.ts"
import { documentSize } from "./private/document-size.ts"
import { finding } from "./private/finding.ts"

/** Share of the quota above which a policy is reported as close to the limit. */
const nearLimit = 0.9

/**
 * Every character of an SCP counts against the quota, whitespace included, because AWS stores the text it is sent.
 * Over the quota, AWS refuses the policy (POLICY_CONTENT_LIMIT_EXCEEDED).
 */
export const sizeCheck: DocumentCheck = {
  kind: "document",
  name: "size",
  level: "error",
  summary: "The SCP is larger than the Organizations character quota, or close to it.",
  description:
    "AWS Organizations counts every character of a service control policy, whitespace included, against a " +
    "per-policy quota (10,240 characters since May 2026, 5,120 before). A policy over the quota is refused " +
    "with POLICY_CONTENT_LIMIT_EXCEEDED; one close to it leaves no room for the next statement.",
  help:
    "Send the policy minified (rampart sends minified SCPs; use --minify when exporting). If it is still too " +
    "large, shorten it with action wildcards, drop Sids, merge statements that share conditions, or split it " +
    "into two SCPs while attachment slots allow.",
  check: (subject, { quotas }) => {
    const { characters, minifiedCharacters } = documentSize(subject)
    const limit = quotas.scpCharacters
    const shrink =
      "use action wildcards, drop Sids, merge statements that share conditions, or split it into two SCPs"
    if (characters > limit) {
      const fits = minifiedCharacters <= limit
      return [
        finding(sizeCheck, subject, {
          severity: "error",
          at: [],
          message: fits
            ? `${subject.name} is ${characters} characters as written; the quota is ${limit} (minified it is ${minifiedCharacters} and fits)`
            : `${subject.name} is ${characters} characters (${minifiedCharacters} minified); the quota is ${limit}`,
          value: characters,
          fix: fits
            ? `send it minified (${minifiedCharacters} characters): every character counts, whitespace included (--minify)`
            : `remove at least ${minifiedCharacters - limit} characters from the minified policy: ${shrink}`,
        }),
      ]
    }
    if (characters > limit * nearLimit) {
      const percent = Math.round((characters / limit) * 100)
      return [
        finding(sizeCheck, subject, {
          severity: "warning",
          at: [],
          message: `${subject.name} uses ${characters} of ${limit} characters (${percent} %)`,
          value: characters,
          fix:
            minifiedCharacters < characters
              ? `send it minified (${minifiedCharacters} characters) to leave room for future statements (--minify)`
              : `leave room for future statements: ${shrink}`,
        }),
      ]
    }
    return []
  },
}
