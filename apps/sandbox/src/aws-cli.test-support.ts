import { execFile } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** Where the Debian package puts the AWS CLI. */
export const awsCliPath = "/usr/bin/aws"

/** What one CLI run printed, and its JSON output when it printed any. */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly json: unknown
}

/**
 * Runs the AWS CLI against the sandbox with the scenario's `test` key. Fails with a clear message when the CLI is
 * missing, so a machine without it cannot pass the CLI tests silently. The CLI gets an empty home, so a developer's
 * own profiles and configuration cannot leak into the run.
 */
export const awsCli = (url: string, args: ReadonlyArray<string>, region = "us-east-1"): Promise<CliRun> => {
  if (!existsSync(awsCliPath))
    throw new Error(
      `The AWS CLI is not installed at ${awsCliPath}; install it with \`apt-get update && apt-get install -y awscli\``,
    )
  const home = mkdtempSync(join(tmpdir(), "rampart-aws-cli-"))
  return new Promise((resolve) => {
    execFile(
      awsCliPath,
      ["--endpoint-url", url, "--output", "json", ...args],
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_DEFAULT_REGION: region,
          AWS_PAGER: "",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_MAX_ATTEMPTS: "1",
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0
        let json: unknown
        try {
          json = stdout.trim() === "" ? undefined : JSON.parse(stdout)
        } catch {
          json = undefined
        }
        resolve({ code, stdout, stderr, json })
      },
    )
  })
}
