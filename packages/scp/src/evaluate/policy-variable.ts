import { type PreparedRequest, unknownValue } from "./prepared-request.ts"

/** A string with `${…}` policy variables, resolved per request. */
export type Template = (request: PreparedRequest) => string | undefined | typeof unknownValue

const variable = /\$\{([^}]*)\}/g

/** True when the text holds a policy variable. */
export const hasPolicyVariable = (text: string): boolean => text.includes("${")

/**
 * Compiles `arn:aws:s3:::home/${aws:username}/*`. `${*}`, `${?}` and `${$}` stand for the literal characters;
 * `${key, 'fallback'}` uses the fallback when the key is absent. A variable whose key is absent makes the whole
 * value undefined (it matches nothing); a multi-valued key cannot be used.
 */
export const compileTemplate = (text: string): Template => {
  const pieces: Array<string | { readonly key: string; readonly fallback?: string }> = []
  let last = 0
  for (const match of text.matchAll(variable)) {
    pieces.push(text.slice(last, match.index))
    const inner = (match[1] ?? "").trim()
    if (inner === "*" || inner === "?" || inner === "$") pieces.push(inner)
    else {
      const fallback = /^(.*?),\s*'([^']*)'$/.exec(inner)
      pieces.push(
        fallback
          ? { key: (fallback[1] ?? "").trim().toLowerCase(), fallback: fallback[2] ?? "" }
          : { key: inner.toLowerCase() },
      )
    }
    last = (match.index ?? 0) + match[0].length
  }
  pieces.push(text.slice(last))
  return (request) => {
    let out = ""
    for (const piece of pieces) {
      if (typeof piece === "string") {
        out += piece
        continue
      }
      const value = request.lookup(piece.key)
      if (value === unknownValue) return unknownValue
      if (value === undefined || value.length !== 1) {
        if (piece.fallback === undefined) return undefined
        out += piece.fallback
      } else out += value[0]
    }
    return out
  }
}
