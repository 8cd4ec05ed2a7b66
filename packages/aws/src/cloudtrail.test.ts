import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { CloudTrail, cloudTrailLive } from "./cloudtrail.ts"
import { memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { type Sts, stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const region = "eu-west-1"

const run = async <A, E>(program: Effect.Effect<A, E, CloudTrail | Sts>): Promise<A> => {
  const { url } = await sandbox
  const layer = Layer.mergeAll(cloudTrailLive, stsLive).pipe(Layer.provide(sandboxSettings(url)))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

/** The CloudTrail reader of a member account's session. */
const readerOf = (accountId: string) =>
  Effect.gen(function* () {
    const credentials = yield* memberSession(accountId)
    return (yield* CloudTrail).reader({ region, credentials })
  })

describe("CloudTrail through the live layer, against the sandbox", () => {
  it("finds the account's own calls among its management events, by event name", async () => {
    const { trails, events } = await run(
      Effect.gen(function* () {
        const cloudTrail = yield* readerOf("222222222203")
        const trails = yield* cloudTrail.describeTrails
        const now = Date.now()
        const events = yield* cloudTrail.lookupEvents({
          startTime: new Date(now - 3_600_000),
          endTime: new Date(now + 3_600_000),
          eventName: "DescribeTrails",
        })
        return { trails, events }
      }),
    )
    expect(trails).toEqual([])
    expect(events.length).toBeGreaterThanOrEqual(1)
    expect(events.every((event) => event.EventName === "DescribeTrails")).toBe(true)
    expect(events[0]).toMatchObject({ EventSource: "cloudtrail.amazonaws.com", Username: "rampart-test" })
  })

  it("types a missing trail as NotFound", async () => {
    const error = await run(
      readerOf("222222222203").pipe(
        Effect.flatMap((cloudTrail) => cloudTrail.getTrailStatus("no-such-trail")),
        Effect.flip,
      ),
    )
    expect(error).toMatchObject({ _tag: "NotFound", service: "cloudtrail", operation: "GetTrailStatus" })
  })
})
