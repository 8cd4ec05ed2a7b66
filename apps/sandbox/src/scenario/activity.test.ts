import { describe, expect, it, vi } from "vitest"
import { testScenario, useSandbox } from "../fixtures.test-support.ts"
import type { ServiceDefinition } from "../operation.ts"
import type { WireRequest, WireResponse } from "../protocol/wire.ts"
import { services } from "../services/index.ts"
import { stsService } from "../services/sts/index.ts"
import type { CloudTrailEvent } from "../trail/cloudtrail-event.ts"
import { type ActivityCall, ActivityRunner, activityRunnerFor, fillPlaceholders } from "./activity.ts"
import type { Scenario } from "./scenario.ts"

const hour = 3_600_000

/** Services that answer with the input they decoded, one per protocol, to check requests end to end. */
const echo = (protocol: ServiceDefinition["protocol"]): ServiceDefinition => ({
  signingName: `echo-${protocol.toLowerCase()}`,
  actionPrefix: `echo-${protocol.toLowerCase()}`,
  eventSource: `echo-${protocol.toLowerCase()}.amazonaws.com`,
  protocol,
  ...(protocol === "awsJson1_1" ? { targetPrefix: "EchoService" } : {}),
  ...(protocol === "awsQuery" ? { xmlNamespace: "https://echo.amazonaws.com/doc/2020-01-01/" } : {}),
  operations: [
    {
      name: "PutThing",
      readOnly: false,
      http: { method: "POST", path: "/things/{Name}", query: { limit: "Limit" } },
      handle: (input) => ({ Echo: JSON.stringify(input) }),
    },
  ],
})
const echoServices = [echo("awsJson1_1"), echo("awsQuery"), echo("restJson1")]

const scenario: Scenario = {
  ...testScenario,
  activity: [
    {
      name: "dev-checks-identity",
      principal: "dev",
      service: "sts",
      operation: "GetCallerIdentity",
      region: "eu-west-1",
      every: "6h",
      backfill: "1d",
    },
    ...echoServices.map((service) => ({
      name: `${service.signingName}-puts-things`,
      principal: "test",
      service: service.signingName,
      operation: "PutThing",
      parameters: { Name: "thing {n}", Limit: 5, Tags: [{ Key: "team", Value: "payments" }], Enabled: true },
      every: "1d",
    })),
    {
      name: "not-emulated",
      principal: "test",
      service: "quicksight",
      operation: "ListUsers",
      every: "1h",
    },
  ],
}

// The tests drive their own runners, so the sandbox does not run the scenario's activity itself.
const sandbox = useSandbox({ scenario, services: [...services, ...echoServices], activity: false })

describe("ActivityRunner in a sandbox", () => {
  const calls: ActivityCall[] = []
  const runner = sandbox.then((s) =>
    activityRunnerFor(s.parts, scenario, { checkIntervalMs: 20, onCall: (call) => calls.push(call) }),
  )
  const identityEvents = async (): Promise<ReadonlyArray<CloudTrailEvent>> =>
    (await sandbox).parts.trail
      .events("222222222222", "eu-west-1")
      .filter((e) => e.eventName === "GetCallerIdentity")

  it("backfills the past period as allowed CloudTrail events at their past times", async () => {
    const { parts } = await sandbox
    const started = parts.clock.now()
    ;(await runner).start()
    const events = await identityEvents()
    expect(events).toHaveLength(4)
    const times = events.map((e) => Date.parse(e.eventTime))
    for (const [i, time] of times.entries())
      expect(Math.abs(time - (started - (i + 1) * 6 * hour))).toBeLessThan(1_000)
    expect(events[0]).toMatchObject({
      eventSource: "sts.amazonaws.com",
      awsRegion: "eu-west-1",
      recipientAccountId: "222222222222",
      readOnly: true,
      userAgent: "rampart-sandbox-activity/dev-checks-identity",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::222222222222:assumed-role/Developer/dev" },
    })
    expect(events[0]?.errorCode).toBeUndefined()
  })

  it("reports entries that cannot run and leaves them out", async () => {
    expect((await runner).status().find((s) => s.name === "not-emulated")).toMatchObject({
      inactive: 'the sandbox does not emulate the service "quicksight"',
      calls: 0,
    })
  })

  it("makes a scheduled call once the clock passes its time, signed and recorded in the trail", async () => {
    const { parts } = await sandbox
    expect(calls).toHaveLength(0)
    parts.clock.advance(6 * hour + 1_000)
    await vi.waitFor(() => expect(calls.map((c) => c.entry)).toContain("dev-checks-identity"), {
      timeout: 3_000,
    })
    expect(calls.find((c) => c.entry === "dev-checks-identity")).toMatchObject({ status: 200 })
    const live = (await identityEvents())[0]
    expect(Date.parse(live?.eventTime ?? "")).toBeGreaterThan(parts.clock.now() - 60_000)
    expect(live).toMatchObject({
      userAgent: "rampart-sandbox-activity/dev-checks-identity",
      userIdentity: { arn: "arn:aws:sts::222222222222:assumed-role/Developer/dev" },
    })
    expect(live?.errorCode).toBeUndefined()
  })

  it("sends parameters in each protocol the way the service decodes them", async () => {
    const { parts } = await sandbox
    parts.clock.advance(18 * hour)
    await (await runner).tick()
    for (const service of echoServices) {
      const call = calls.find((c) => c.entry === `${service.signingName}-puts-things`)
      expect(call, service.protocol).toMatchObject({ status: 200 })
      const event = parts.trail
        .events("999999999999", "us-east-1")
        .find((e) => e.eventSource === service.eventSource)
      const expected =
        service.protocol === "restJson1"
          ? { name: "thing 1", limit: "5", tags: [{ key: "team", value: "payments" }], enabled: true }
          : service.protocol === "awsQuery"
            ? { name: "thing 1", limit: "5", tags: [{ key: "team", value: "payments" }], enabled: "true" }
            : { name: "thing 1", limit: 5, tags: [{ key: "team", value: "payments" }], enabled: true }
      expect(event?.requestParameters, service.protocol).toEqual(expected)
    }
  })

  it("catches up on the calls a clock jump skipped over, and stops", async () => {
    const { parts } = await sandbox
    const r = await runner
    const before = r.status().find((s) => s.name === "dev-checks-identity")?.calls ?? 0
    parts.clock.advance(3 * 24 * hour)
    await r.tick()
    expect(r.status().find((s) => s.name === "dev-checks-identity")?.calls).toBe(before + 12)
    await r.stop()
    const count = calls.length
    parts.clock.advance(7 * 24 * hour)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls).toHaveLength(count)
  })
})

describe("ActivityRunner scheduling", () => {
  const credential = {
    accessKeyId: "ci",
    secretAccessKey: "ci-secret",
    principal: {
      type: "Root" as const,
      account: "222222222222",
      arn: "arn:aws:iam::222222222222:root",
      callerArn: "arn:aws:iam::222222222222:root",
      userId: "222222222222",
    },
  }
  const fixture = (options: { backfill?: boolean; maxCatchUpPerEntry?: number } = {}) => {
    let now = Date.UTC(2026, 10, 22)
    let inFlight = 0
    let maxInFlight = 0
    const sent: WireRequest[] = []
    const past: CloudTrailEvent[] = []
    const runner = new ActivityRunner({
      activity: [
        {
          name: "ci",
          principal: "ci",
          service: "sts",
          operation: "GetCallerIdentity",
          every: "1h",
          startAfter: "10m",
          backfill: "5h",
        },
      ],
      services: [stsService],
      clock: { now: () => now, timeScale: 1 },
      credentials: (key) => (key === "ci" ? credential : undefined),
      send: async (request): Promise<WireResponse> => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        sent.push(request)
        await new Promise((resolve) => setTimeout(resolve, 5))
        inFlight--
        return { status: 200, headers: {}, body: "" }
      },
      recordPast: (event) => past.push(event),
      defaultRegion: "eu-west-1",
      checkIntervalMs: 60_000,
      ...options,
    })
    return {
      runner,
      sent,
      past,
      advance: (ms: number) => {
        now += ms
      },
      maxInFlight: () => maxInFlight,
    }
  }

  it("backfills oldest first, and first calls `startAfter` after start", async () => {
    const f = fixture()
    f.runner.start()
    expect(f.past.map((e) => e.eventTime)).toEqual([
      "2026-11-21T19:00:00Z",
      "2026-11-21T20:00:00Z",
      "2026-11-21T21:00:00Z",
      "2026-11-21T22:00:00Z",
      "2026-11-21T23:00:00Z",
    ])
    f.advance(9 * 60_000)
    await f.runner.tick()
    expect(f.sent).toHaveLength(0)
    f.advance(60_000)
    await f.runner.tick()
    expect(f.sent).toHaveLength(1)
    expect(String(f.sent[0]?.headers.authorization)).toContain(
      "Credential=ci/20261122/eu-west-1/sts/aws4_request",
    )
    await f.runner.stop()
  })

  it("records nothing of the past when told the sandbox resumed", async () => {
    const f = fixture({ backfill: false })
    f.runner.start()
    expect(f.past).toHaveLength(0)
    await f.runner.stop()
  })

  it("never overlaps its checks, and skips what is beyond the catch-up limit", async () => {
    const f = fixture({ maxCatchUpPerEntry: 5 })
    f.runner.start()
    f.advance(24 * 60 * 60_000)
    await Promise.all([f.runner.tick(), f.runner.tick(), f.runner.tick()])
    expect(f.maxInFlight()).toBe(1)
    expect(f.sent).toHaveLength(5)
    expect(f.runner.status()[0]).toMatchObject({ calls: 5, skipped: 19, backfilled: 5 })
    await f.runner.stop()
  })
})

describe("fillPlaceholders", () => {
  it("fills {n}, {time}, {account} and {region} in every string", () => {
    expect(
      fillPlaceholders(
        { Id: "ci-{n}-{time}", Tags: [{ Value: "{account}/{region}" }], Size: 20, Other: "{unknown}" },
        { n: 3, time: Date.UTC(2026, 10, 22, 6, 30), account: "222222222202", region: "eu-west-1" },
      ),
    ).toEqual({
      Id: "ci-3-20261122063000",
      Tags: [{ Value: "222222222202/eu-west-1" }],
      Size: 20,
      Other: "{unknown}",
    })
  })
})
