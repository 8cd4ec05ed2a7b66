import { type ChildProcess, execFile } from "node:child_process"
import { join } from "node:path"
import { promisify } from "node:util"
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

/** The environment that points the `rampart` program at a sandbox, signed as its administrator. */
export const sandboxEnvironment = (url: string, region = "us-east-1"): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: region,
})

/** Runs the `rampart` program against a sandbox; rejects on a non-zero exit, as execFile does. */
export const rampartAgainst = (url: string, args: ReadonlyArray<string>, region?: string) =>
  promisify(execFile)(process.execPath, [rampart, ...args], { env: sandboxEnvironment(url, region) })
