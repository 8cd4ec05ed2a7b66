import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"

/** The repository root. */
export const root = new URL("../", import.meta.url).pathname
/** The `rampart` program. */
export const rampart = join(root, "apps/cli/src/main.ts")

/** `rampart sandbox up` as a user runs it, until it says where it listens. */
export const sandboxUp = (
  args: ReadonlyArray<string>,
): Promise<{ readonly child: ChildProcess; readonly url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rampart, "sandbox", "up", "--port", "0", "--quiet", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve({ child, url: match[1] as string })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)))
  })

/** Stops a sandbox the way Ctrl-C would. */
export const stopped = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })
