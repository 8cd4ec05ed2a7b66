import type { Output } from "./output.ts"

/** Where a long job is: items done of a total, failures, and the time spent. */
export interface ProgressState {
  readonly done: number
  readonly total: number
  readonly failed: number
  readonly elapsedMillis: number
}

const duration = (millis: number): string => {
  const seconds = Math.max(0, Math.round(millis / 1000))
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`
}

/** The progress line: bar, counts, rate, time left, failures. */
export const progressLine = (state: ProgressState, unit: string): string => {
  const share = state.total === 0 ? 1 : state.done / state.total
  const width = 24
  const filled = Math.round(share * width)
  const rate = state.elapsedMillis > 0 ? (state.done / state.elapsedMillis) * 1000 : 0
  const left = rate > 0 ? ((state.total - state.done) / rate) * 1000 : Number.NaN
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${state.done}/${state.total} ${unit} ${rate.toFixed(1)}/s ETA ${Number.isNaN(left) ? "?" : duration(left)}${state.failed > 0 ? ` ${state.failed} failed` : ""}`
}

/**
 * Reports progress on stderr: one redrawn line on a terminal, plain lines (at most one per 10 % or 5 seconds)
 * otherwise, so logs of pipelines stay readable.
 */
export const progressReporter = (out: Output, unit: string, interactive = out.interactive) => {
  let lastLine = 0
  let lastShare = -1
  return {
    update: (state: ProgressState): void => {
      const line = progressLine(state, unit)
      if (interactive) {
        out.stderr(`\r${line}`)
        return
      }
      const share = state.total === 0 ? 1 : Math.floor((state.done / state.total) * 10)
      if (share > lastShare || state.elapsedMillis - lastLine >= 5000 || state.done === state.total) {
        lastShare = share
        lastLine = state.elapsedMillis
        out.stderr(`${line}\n`)
      }
    },
    finish: (): void => {
      if (interactive) out.stderr("\n")
    },
  }
}
