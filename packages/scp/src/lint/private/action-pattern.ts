/** An action as written, split at its first colon: `rds:Create*` -> service `rds`, name `Create*`. */
export interface ActionParts {
  /** The service prefix in lower case. */
  readonly service: string
  readonly name: string
}

/** Splits `service:Name`; undefined for `*` and anything without a colon. */
export const actionParts = (action: string): ActionParts | undefined => {
  const colon = action.indexOf(":")
  if (colon < 0) return undefined
  return { service: action.slice(0, colon).toLowerCase(), name: action.slice(colon + 1) }
}

/** Whether the text uses the IAM wildcards `*` (any run of characters) or `?` (one character). */
export const hasWildcard = (text: string): boolean => /[*?]/.test(text)

/** A wildcard pattern as an anchored, case-insensitive expression (IAM matches action names case-insensitively). */
export const wildcardPattern = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
    "i",
  )

/** Whether an Action entry (`*`, `rds:*`, `rds:Create*`, `rds:CreateDBInstance`) matches a concrete action. */
export const actionMatches = (pattern: string, action: string): boolean => {
  if (pattern === "*") return true
  return hasWildcard(pattern)
    ? wildcardPattern(pattern).test(action)
    : pattern.toLowerCase() === action.toLowerCase()
}
