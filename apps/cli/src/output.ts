import { type Diagnostic, formatDiagnostic } from "@rampart/model"

/** Where a command writes: results to stdout, diagnostics and progress to stderr. */
export interface Output {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** True when stdout is a terminal (colour, progress bars). */
  readonly interactive: boolean
}

/** The process's own streams. */
export const processOutput = (): Output => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stdout.isTTY === true,
})

/** Prints diagnostics for a person, errors first, with a closing count. */
export const printDiagnostics = (out: Output, diagnostics: ReadonlyArray<Diagnostic>): void => {
  const sorted = [...diagnostics].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
  )
  for (const d of sorted) out.stderr(`${formatDiagnostic(d)}\n`)
}

/** Prints a value as the one JSON document of a `--json` run. */
export const printJson = (out: Output, value: unknown): void =>
  out.stdout(`${JSON.stringify(value, null, 2)}\n`)

/** "1 error", "2 warnings". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`
