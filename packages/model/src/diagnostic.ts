/** Where in a file a diagnostic points; lines and columns count from 1. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/**
 * A problem found in something a person wrote (a config, a policy, a template). It names the file, the path
 * inside it (`waves[2].targets[0]`), the value that is wrong and what to do about it.
 */
export interface Diagnostic {
  readonly severity: "error" | "warning"
  /** A stable identifier of the check that produced it, e.g. `config.unknown-key`. */
  readonly code: string
  readonly file: string
  readonly path: string
  readonly message: string
  readonly value?: unknown
  readonly fix?: string
  readonly position?: SourcePosition
}

/** Renders `file:line:col path: message (got value). fix` in one line a person can act on. */
export const formatDiagnostic = (d: Diagnostic): string => {
  const where = d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file
  const path = d.path === "" ? "" : ` ${d.path}`
  const value = d.value === undefined ? "" : ` (got ${renderValue(d.value)})`
  const fix = d.fix ? `\n    fix: ${d.fix}` : ""
  return `${d.severity}: ${where}${path}: ${d.message}${value}${fix}`
}

const renderValue = (value: unknown): string => {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/** Joins path segments the way people read them: `waves[2].targets[0]`. */
export const formatPath = (segments: ReadonlyArray<PropertyKey>): string =>
  segments.reduce<string>((acc, segment) => {
    if (typeof segment === "number") return `${acc}[${segment}]`
    const key = String(segment)
    const plain = /^[A-Za-z_$][\w$-]*$/.test(key)
    if (!plain) return `${acc}[${JSON.stringify(key)}]`
    return acc === "" ? key : `${acc}.${key}`
  }, "")
