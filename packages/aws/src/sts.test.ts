import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { ClientSettings } from "./client-settings.ts"
import { useSandboxProcess } from "./sandbox.test-support.ts"
import { Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"
const memberRole = "arn:aws:iam::222222222201:role/OrganizationAccountAccessRole"

const run = async <A, E>(program: Effect.Effect<A, E, Sts>): Promise<A> => {
  const { url } = await sandbox
  const layer = stsLive.pipe(Layer.provide(Layer.succeed(ClientSettings, { region, endpoint: url })))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

describe("Sts through the live layer, against the sandbox", () => {
  it("says who the default credentials are", async () => {
    const identity = await run(Sts.use((sts) => sts.getCallerIdentity()))
    expect(identity.accountId).toBe("999999999999")
    expect(identity.arn).toBe("arn:aws:sts::999999999999:assumed-role/Admin/test")
  })

  it("opens a session in a member account, whose credentials then act in that account", async () => {
    const started = Date.now()
    const { credentials, identity } = await run(
      Effect.gen(function* () {
        const sts = yield* Sts
        const credentials = yield* sts.assumeRole({
          roleArn: memberRole,
          sessionName: "rampart-collect",
          durationSeconds: 900,
        })
        return { credentials, identity: yield* sts.getCallerIdentity({ region, credentials }) }
      }),
    )
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(credentials.sessionToken).toBeTruthy()
    const lifetime = (credentials.expiration?.getTime() ?? 0) - started
    expect(lifetime).toBeGreaterThan(800_000)
    expect(lifetime).toBeLessThan(1_000_000)
    expect(identity).toMatchObject({
      accountId: "222222222201",
      arn: "arn:aws:sts::222222222201:assumed-role/OrganizationAccountAccessRole/rampart-collect",
    })
  })

  it("types a role whose trust policy refuses the caller as AccessDenied by trust", async () => {
    const ciDev = { accessKeyId: "ci-payments-dev", secretAccessKey: "ci-payments-dev-secret" }
    const error = await run(
      Sts.use((sts) =>
        sts.assumeRole({ roleArn: memberRole, sessionName: "ci" }, { region, credentials: ciDev }),
      ).pipe(Effect.flip),
    )
    expect(error).toMatchObject({
      _tag: "AccessDenied",
      service: "sts",
      operation: "AssumeRole",
      by: "trust",
    })
  })
})
