import { type Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { killed, startSandboxProcess } from "../../../apps/sandbox/src/process.test-support.ts"
import type { AwsError } from "./aws-error.ts"
import { type ClientCredentials, ClientSettings } from "./client-settings.ts"
import { Sts } from "./sts.ts"

/**
 * Runs `rampart sandbox up` (the sandbox's own test support starts it) for the test file and stops it afterwards.
 * The scenario's background activity is off unless `activity` is set: with it, the sandbox starts with the
 * scenario's backfilled CloudTrail history (a week of the small scenario's CI calls).
 */
export const useSandboxProcess = (
  args: ReadonlyArray<string> = [],
  options: { readonly activity?: boolean } = {},
) => {
  const started = startSandboxProcess(["--quiet", ...(options.activity ? [] : ["--no-activity"]), ...args])
  afterAll(async () => {
    const { child } = await started
    if (child.exitCode === null) await killed(child, "SIGTERM")
  })
  return started.then(({ url }) => ({ url }))
}

/** The sandbox's simulated time. */
export const sandboxNow = async (url: string): Promise<Date> => {
  const response = await fetch(`${url}/_sandbox/clock`)
  if (!response.ok) throw new Error(`clock not read: ${response.status} ${await response.text()}`)
  return new Date(((await response.json()) as { now: string }).now)
}

/** Sets the sandbox's fault injection through its admin endpoint. */
export const setFaults = async (url: string, settings: unknown): Promise<void> => {
  const response = await fetch(`${url}/_sandbox/faults`, { method: "PUT", body: JSON.stringify(settings) })
  if (!response.ok) throw new Error(`faults not set: ${response.status} ${await response.text()}`)
}

/** Moves the sandbox's simulated clock forward (a pack deploys in a minute of it, say). */
export const advanceClock = async (url: string, seconds: number): Promise<void> => {
  const response = await fetch(`${url}/_sandbox/clock/advance`, {
    method: "POST",
    body: JSON.stringify({ seconds }),
  })
  if (!response.ok) throw new Error(`clock not advanced: ${response.status} ${await response.text()}`)
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
