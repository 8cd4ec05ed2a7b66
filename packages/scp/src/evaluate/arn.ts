import { compileGlob, type Glob } from "./glob.ts"

/**
 * Compiles an ARN pattern the way IAM matches ARNs: the six colon-separated parts (`arn`, partition, service,
 * region, account, resource) are matched one by one, so a wildcard never spans a colon between them; the
 * resource part keeps any further colons. Matching is case-sensitive. `*` alone matches everything.
 */
export const compileArnPattern = (pattern: string): Glob => {
  if (pattern === "*") return () => true
  const parts = splitArn(pattern)
  if (parts === undefined) {
    const whole = compileGlob(pattern, false)
    return (text) => whole(text)
  }
  const globs = parts.map((part) => compileGlob(part, false))
  return (text) => {
    const actual = splitArn(text)
    if (actual === undefined) return false
    for (let i = 0; i < 6; i++) if (!(globs[i] as Glob)(actual[i] as string)) return false
    return true
  }
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
