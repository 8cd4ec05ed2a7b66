import type { Diagnostic, SourcePosition } from "./diagnostic.ts"

/** The line and column (from 1) of a character offset in a text. */
export const positionAt = (text: string, offset: number): SourcePosition => {
  let line = 1
  let lineStart = 0
  const end = Math.min(Math.max(offset, 0), text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/** The result of reading JSON written by a person: the value, or where and why it is not JSON. */
export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: Diagnostic }

/** Parses JSON and, when it is not valid, reports the line and column of the first problem. */
export const parseJsonText = (text: string, file: string): JsonText => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    const lineColumn = /line (\d+) column (\d+)/.exec(message)
    const offset = /position (\d+)/.exec(message)
    const position: SourcePosition = lineColumn
      ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
      : positionAt(text, offset ? Number(offset[1]) : firstErrorOffset(text))
    const reason = message
      .replace(/\s*(in JSON )?at position \d+.*$/s, "")
      .replace(/\s*\(line \d+ column \d+\)/, "")
    return {
      ok: false,
      error: {
        severity: "error",
        code: "json.syntax",
        file,
        path: "",
        message: `not valid JSON: ${reason}`,
        position,
        fix: "correct the JSON at that position (a missing comma, quote or bracket is the usual cause)",
      },
    }
  }
}

/**
 * Where a JSON text first goes wrong, for the parser messages that do not say ("Unexpected token"): a small
 * recursive descent over the JSON grammar, stopping at the first character that cannot continue it.
 */
export const firstErrorOffset = (text: string): number => {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++
  }
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) fail()
      i++
    }
  }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        i++
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail()
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "!")) fail()
      } else if ((text.charCodeAt(i) ?? 0) < 0x20) fail()
      i++
    }
    if (text[i] !== '"') fail()
    i++
  }
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match || match[0] === "" || match[0] === "-") fail()
    i += (match as RegExpExecArray)[0].length
  }
  const value = (): void => {
    space()
    const c = text[i]
    if (c === "{") {
      i++
      space()
      if (text[i] === "}") {
        i++
        return
      }
      for (;;) {
        space()
        if (text[i] !== '"') fail()
        string()
        space()
        if (text[i] !== ":") fail()
        i++
        value()
        space()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "}") {
          i++
          return
        }
        fail()
      }
    }
    if (c === "[") {
      i++
      space()
      if (text[i] === "]") {
        i++
        return
      }
      for (;;) {
        value()
        space()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "]") {
          i++
          return
        }
        fail()
      }
    }
    if (c === '"') string()
    else if (c === "t") literal("true")
    else if (c === "f") literal("false")
    else if (c === "n") literal("null")
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number()
    else fail()
  }
  try {
    value()
    space()
    return Math.min(i, text.length)
  } catch (offset) {
    return Math.min(offset as number, text.length)
  }
}
