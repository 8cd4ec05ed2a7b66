/** A compiled wildcard pattern: `*` matches any run of characters, `?` any one character. */
export type Glob = (text: string) => boolean

export const escapeRegExp = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, "\\$&")

/** True when the pattern has a wildcard. */
export const hasWildcard = (pattern: string): boolean => pattern.includes("*") || pattern.includes("?")

/**
 * Compiles a wildcard pattern once, so matching costs one comparison (no wildcard), a prefix or suffix test
 * (one trailing or leading `*`) or one regular expression. With `ignoreCase`, callers pass text already in lower
 * case.
 */
export const compileGlob = (pattern: string, ignoreCase: boolean): Glob => {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  if (p === "*") return () => true
  if (!hasWildcard(p)) return (text) => text === p
  const star = p.indexOf("*")
  if (!p.includes("?") && star === p.length - 1 && p.indexOf("*") === p.lastIndexOf("*")) {
    const prefix = p.slice(0, -1)
    return (text) => text.startsWith(prefix)
  }
  if (!p.includes("?") && star === 0 && p.lastIndexOf("*") === 0) {
    const suffix = p.slice(1)
    return (text) => text.endsWith(suffix)
  }
  const regex = new RegExp(`^${escapeRegExp(p).replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s")
  return (text) => regex.test(text)
}
