import { type ChildProcess, spawn } from "node:child_process"

const main = new URL("./main.ts", import.meta.url).pathname

/**
 * `rampart sandbox up` in a child process, as a user runs it; resolves once it listens. `program` runs it through
 * another entry (the `rampart` CLI: `[cli, "sandbox", "up"]`). This is the one place tests and benchmarks of every
 * package start a sandbox from.
 */
export const startSandboxProcess = (
  args: ReadonlyArray<string>,
  options: { readonly program?: ReadonlyArray<string> } = {},
): Promise<{ readonly child: ChildProcess; readonly url: string; readonly output: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.program ?? [main, "up"]), "--port", "0", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve({ child, url: match[1] as string, output: () => output })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("exit", (code) =>
      reject(new Error(`the sandbox exited with ${code} before listening:\n${output}`)),
    )
  })

/** Waits for a child process to end after a signal. */
export const killed = (child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> =>
  new Promise((resolve) => {
    child.once("exit", (code) => resolve(code))
    child.kill(signal)
  })
