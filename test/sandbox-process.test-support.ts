import type { ChildProcess } from "node:child_process"
import { join } from "node:path"
import { killed, startSandboxProcess } from "../apps/sandbox/src/process.test-support.ts"

/** The repository root. */
export const root = new URL("../", import.meta.url).pathname
/** The `rampart` program. */
export const rampart = join(root, "apps/cli/src/main.ts")

/** `rampart sandbox up` through the `rampart` program, as a user runs it, until it says where it listens. */
export const sandboxUp = (
  args: ReadonlyArray<string>,
): Promise<{ readonly child: ChildProcess; readonly url: string }> =>
  startSandboxProcess(["--quiet", ...args], { program: [rampart, "sandbox", "up"] })

/** Stops a sandbox the way Ctrl-C would. */
export const stopped = async (child: ChildProcess): Promise<void> => {
  await killed(child, "SIGTERM")
}
