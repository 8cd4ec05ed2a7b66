import { describe, expect, it } from "vitest"
import { progressLine, progressReporter } from "./progress.ts"

describe("progress", () => {
  it("shows counts, rate, time left and failures", () => {
    expect(progressLine({ done: 50, total: 200, failed: 2, elapsedMillis: 10_000 }, "targets")).toBe(
      "[######------------------] 50/200 targets 5.0/s ETA 30s 2 failed",
    )
  })

  it("writes plain lines at most every 10 % off a terminal", () => {
    const lines: string[] = []
    const reporter = progressReporter(
      { stdout: () => undefined, stderr: (t) => lines.push(t), interactive: false },
      "targets",
    )
    for (let done = 1; done <= 100; done++)
      reporter.update({ done, total: 100, failed: 0, elapsedMillis: done * 10 })
    expect(lines.length).toBeLessThanOrEqual(11)
    expect(lines.at(-1)).toContain("100/100")
  })
})
