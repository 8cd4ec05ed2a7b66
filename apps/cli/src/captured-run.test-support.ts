import { runCli } from "./main.ts"
import type { Output } from "./output.ts"

/** Runs `rampart` in this process with its output captured, as the tests of commands that call nothing outside do. */
export const capturedRun = async (...argv: string[]) => {
  const stdout: string[] = []
  const stderr: string[] = []
  const out: Output = { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), interactive: false }
  const code = await runCli(argv, out)
  return { code, stdout: stdout.join(""), stderr: stderr.join("") }
}
