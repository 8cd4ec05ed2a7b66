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
      : positionAt(text, offset ? Number(offset[1]) : text.length)
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
