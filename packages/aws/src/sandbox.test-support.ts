import { type ChildProcess, spawn } from "node:child_process"
import { type Effect, Layer } from "effect"
import { afterAll } from "vitest"
import type { AwsError } from "./aws-error.ts"
import { type ClientCredentials, ClientSettings } from "./client-settings.ts"
import { Sts } from "./sts.ts"

/** The sandbox program; the AWS layer's tests point the real SDK clients at it. */
const sandboxMain = new URL("../../../apps/sandbox/src/main.ts", import.meta.url).pathname

/** Runs `rampart sandbox up` for the test file and stops it afterwards. */
export const useSandboxProcess = (args: ReadonlyArray<string> = []) => {
  let child: ChildProcess | undefined
  const ready = new Promise<{ readonly url: string }>((resolve, reject) => {
    child = spawn(process.execPath, [sandboxMain, "up", "--port", "0", "--quiet", "--no-activity", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve({ url: match[1] as string })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)))
  })
  afterAll(async () => {
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child?.once("exit", resolve))
    child.kill("SIGTERM")
    await exited
  })
  return ready
}

/** Sets the sandbox's fault injection through its admin endpoint. */
export const setFaults = async (url: string, settings: unknown): Promise<void> => {
  const response = await fetch(`${url}/_sandbox/faults`, { method: "PUT", body: JSON.stringify(settings) })
  if (!response.ok) throw new Error(`faults not set: ${response.status} ${await response.text()}`)
}

/** Client settings that point every SDK client at the sandbox, in the small scenario's Region. */
export const sandboxSettings = (url: string): Layer.Layer<ClientSettings> =>
  Layer.succeed(ClientSettings, { region: "eu-west-1", endpoint: url })

/**
 * A session in a member account through its OrganizationAccountAccessRole, as Rampart reads member accounts; the
 * caller's credentials (`test`/`test`) are the management account's administrator.
 */
export const memberSession = (accountId: string): Effect.Effect<ClientCredentials, AwsError, Sts> =>
  Sts.use((sts) =>
    sts.assumeRole({
      roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      sessionName: "rampart-test",
    }),
  )
