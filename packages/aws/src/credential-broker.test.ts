import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { type BrokerOptions, CredentialBroker, credentialBrokerLive } from "./credential-broker.ts"
import { sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const run = async <A, E>(
  program: Effect.Effect<A, E, CredentialBroker | Sts>,
  options: BrokerOptions = {},
) => {
  const { url } = await sandbox
  const sts = stsLive.pipe(Layer.provide(sandboxSettings(url)))
  const layer = Layer.merge(credentialBrokerLive(options).pipe(Layer.provide(sts)), sts)
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

const member = { account: "222222222201", roleName: "OrganizationAccountAccessRole", region: "eu-west-1" }

describe("the credential broker, against the sandbox", () => {
  it("makes one AssumeRole for 1,000 concurrent requests of the same session, and the session works", async () => {
    const { calls, identity, distinct } = await run(
      Effect.gen(function* () {
        const broker = yield* CredentialBroker
        const sts = yield* Sts
        const all = yield* Effect.forEach(Array.from({ length: 1000 }), () => broker.credentialsFor(member), {
          concurrency: "unbounded",
        })
        const identity = yield* sts.getCallerIdentity({
          region: "eu-west-1",
          credentials: all[0] as NonNullable<(typeof all)[0]>,
        })
        return {
          calls: yield* broker.assumeCalls,
          identity,
          distinct: new Set(all.map((c) => c.accessKeyId)).size,
        }
      }),
    )
    expect(calls).toBe(1)
    expect(distinct).toBe(1)
    expect(identity.arn).toBe("arn:aws:sts::222222222201:assumed-role/OrganizationAccountAccessRole/rampart")
  })

  it("renews a session that is close to expiring", async () => {
    const calls = await run(
      Effect.gen(function* () {
        const broker = yield* CredentialBroker
        const first = yield* broker.credentialsFor(member)
        const second = yield* broker.credentialsFor(member)
        expect(second.accessKeyId).not.toBe(first.accessKeyId)
        return yield* broker.assumeCalls
      }),
      // Every session is "close to expiring" when renewal starts two hours early.
      { refreshBeforeMillis: 2 * 3_600_000 },
    )
    expect(calls).toBe(2)
  })

  it("keeps at most maxSessions sessions, forgetting the least recently used", async () => {
    const session = (account: string) => ({ ...member, account })
    const calls = await run(
      Effect.gen(function* () {
        const broker = yield* CredentialBroker
        yield* broker.credentialsFor(session("222222222201"))
        yield* broker.credentialsFor(session("222222222202"))
        yield* broker.credentialsFor(session("222222222201")) // used again: now the most recent
        yield* broker.credentialsFor(session("222222222203")) // 222222222202 is forgotten
        const before = yield* broker.assumeCalls
        yield* broker.credentialsFor(session("222222222201"))
        yield* broker.credentialsFor(session("222222222203"))
        const kept = (yield* broker.assumeCalls) - before
        yield* broker.credentialsFor(session("222222222202"))
        return { before, kept, after: yield* broker.assumeCalls }
      }),
      { maxSessions: 2 },
    )
    expect(calls).toEqual({ before: 3, kept: 0, after: 4 })
  })

  it("chains roles in order, and does not cache a refusal", async () => {
    const result = await run(
      Effect.gen(function* () {
        const broker = yield* CredentialBroker
        const sts = yield* Sts
        const chained = yield* broker.credentialsFor({
          ...member,
          chain: ["arn:aws:iam::999999999999:role/Admin"],
        })
        const identity = yield* sts.getCallerIdentity({ region: "eu-west-1", credentials: chained })
        const refused = yield* broker
          .credentialsFor({ account: "222222222201", roleName: "NoSuchRole" })
          .pipe(Effect.flip)
        const again = yield* broker
          .credentialsFor({ account: "222222222201", roleName: "NoSuchRole" })
          .pipe(Effect.flip)
        return { identity, refused, again, calls: yield* broker.assumeCalls }
      }),
    )
    expect(result.identity.accountId).toBe("222222222201")
    expect(result.refused).toMatchObject({ _tag: "AccessDenied", by: "trust" })
    expect(result.again._tag).toBe("AccessDenied")
    expect(result.calls).toBe(4)
  })
})
