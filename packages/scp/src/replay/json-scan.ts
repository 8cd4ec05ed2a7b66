/**
 * Finding the ends of JSON values without building them. Replay reads a few fields of each CloudTrail event and
 * skips the rest (response elements, TLS details, user agents), so skipping must cost less than parsing: strings
 * are skipped with a native `indexOf` for the closing quote, containers by counting brackets.
 *
 * Every function takes the text and the index of the value's first character and returns the index just past
 * the value, `incomplete` when the text ends first (more input may complete it) or `malformed`. They check only
 * what finding the end needs (quotes, brackets, separators between an object's members are checked by the
 * caller); values that are read are parsed with `JSON.parse`, which checks them fully.
 */

/** The text ended inside the value. */
export const incomplete = -1
/** The value cannot be JSON. */
export const malformed = -2

const quote = 34
const backslash = 92
const openBrace = 123
const closeBrace = 125
const openBracket = 91
const closeBracket = 93
const comma = 44

/** The index of the first character at or after `from` that is not JSON whitespace. */
export const skipWhitespace = (text: string, from: number): number => {
  let i = from
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i
    i++
  }
  return i
}

/** Skips a string whose opening quote is at `start`. */
export const skipString = (text: string, start: number): number => {
  let end = text.indexOf('"', start + 1)
  while (end > 0) {
    // A quote preceded by an odd number of backslashes is escaped.
    let k = end - 1
    while (text.charCodeAt(k) === backslash) k--
    if (((end - 1 - k) & 1) === 0) return end + 1
    end = text.indexOf('"', end + 1)
  }
  return incomplete
}

/** Skips an object or array whose opening bracket is at `start`. */
export const skipContainer = (text: string, start: number): number => {
  let depth = 0
  const n = text.length
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === quote) {
      const end = skipString(text, i)
      if (end < 0) return end
      i = end - 1
    } else if (c === openBrace || c === openBracket) depth++
    else if (c === closeBrace || c === closeBracket) {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return incomplete
}

/** Skips a number, `true`, `false` or `null`: up to the next separator or whitespace. */
const skipScalar = (text: string, start: number): number => {
  const n = text.length
  let i = start
  while (i < n) {
    const c = text.charCodeAt(i)
    if (
      c === comma ||
      c === closeBrace ||
      c === closeBracket ||
      c === 32 ||
      c === 10 ||
      c === 13 ||
      c === 9
    ) {
      break
    }
    if (c === quote || c === openBrace || c === openBracket || c === 58) return malformed
    i++
  }
  if (i === start) return malformed
  return i === n ? incomplete : i
}

/** Skips any value starting at `start` (which must not be whitespace). */
export const skipValue = (text: string, start: number): number => {
  if (start >= text.length) return incomplete
  const c = text.charCodeAt(start)
  if (c === quote) return skipString(text, start)
  if (c === openBrace || c === openBracket) return skipContainer(text, start)
  return skipScalar(text, start)
}

/**
 * The string value of a JSON string occupying `[start, end)` (quotes included): a plain slice unless it has
 * escapes, which only `JSON.parse` decodes correctly.
 */
export const stringAt = (text: string, start: number, end: number): string => {
  const inner = text.slice(start + 1, end - 1)
  return inner.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : inner
}
