import { compileGlob, escapeRegExp, type Glob, hasWildcard } from "./glob.ts"

/**
 * Compiles an ARN pattern the way IAM matches ARNs: the six colon-separated parts (`arn`, partition, service,
 * region, account, resource) are matched one by one, so a wildcard in the first five never spans a colon; the
 * resource part keeps any further colons. Matching is case-sensitive. `*` alone matches everything. The pattern
 * becomes one regular expression (or a string comparison), so matching allocates nothing.
 */
export const compileArnPattern = (pattern: string): Glob => {
  if (pattern === "*") return () => true
  if (!hasWildcard(pattern)) return (text) => text === pattern
  const parts = splitArn(pattern)
  if (parts === undefined) return compileGlob(pattern, false)
  const source = parts
    .map((part, i) => {
      const wildcard = i < 5 ? "[^:]" : "."
      return escapeRegExp(part).replace(/\*/g, `${wildcard}*`).replace(/\?/g, wildcard)
    })
    .join(":")
  const regex = new RegExp(`^${source}$`, "s")
  return (text) => regex.test(text)
}

/** Splits an ARN into its six parts; undefined when it is not an ARN. */
export const splitArn = (text: string): ReadonlyArray<string> | undefined => {
  const parts: string[] = []
  let start = 0
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(":", start)
    if (colon < 0) return undefined
    parts.push(text.slice(start, colon))
    start = colon + 1
  }
  parts.push(text.slice(start))
  return parts
}
