import { describe, expect, it } from "vitest"
import type { Decision } from "../decision.ts"
import type { Hierarchy } from "../hierarchy.ts"
import type { Request } from "../request.ts"
import { apiCall, createDbInstance, roleSession } from "./events.test-support.ts"
import { Replay, type ReplayInput } from "./replay.ts"

const allow: Decision = { decision: "Allow", decidedBy: [], reason: "allowed" }
const denyBy = (sid: string): Decision => ({
  decision: "ExplicitDeny",
  decidedBy: [{ level: "r-root", policy: "guardrail", sid, statement: 0 }],
  reason: `explicitly denied by guardrail (${sid}) at r-root`,
})
const unknownOn = (key: string): Decision => ({
  decision: "Unknown",
  decidedBy: [{ level: "r-root", policy: "guardrail", sid: "Maybe", statement: 1 }],
  reason: `the decision depends on ${key}`,
  unknownKeys: [key],
})

/** Two placeholder hierarchies; the injected evaluator decides by which one it was compiled from. */
const current: Hierarchy = { levels: [{ id: "r-root", policies: [] }] }
const proposed: Hierarchy = { levels: [{ id: "r-root", policies: [] }] }

const replayWith = (
  decide: { readonly current?: (r: Request) => Decision; readonly proposed: (r: Request) => Decision },
  input: Partial<ReplayInput> = {},
) => {
  const calls = { current: 0, proposed: 0 }
  const replay = new Replay(
    { current: { hierarchies: current }, proposed: { hierarchies: proposed }, ...input },
    {
      compile: (hierarchy) => ({
        evaluate: (request) => {
          if (hierarchy === proposed) {
            calls.proposed++
            return decide.proposed(request)
          }
          calls.current++
          return (decide.current ?? (() => allow))(request)
        },
      }),
    },
  )
  return { replay, calls }
}

const at = (time: string, event: Record<string, unknown>) => ({ ...event, eventTime: time })

describe("grouping what would be newly denied", () => {
  it("groups by account, principal and action, with counts, first and last time and an example", () => {
    const { replay } = replayWith({
      proposed: (r) => (r.action === "rds:CreateDBInstance" ? denyBy("DenyUnencrypted") : allow),
    })
    replay.add(at("2026-11-20T10:00:00Z", createDbInstance({ id: "first" })), "a.json")
    replay.add(at("2026-11-20T08:00:00Z", createDbInstance({ id: "second" })), "a.json")
    replay.add(at("2026-11-20T12:00:00Z", createDbInstance({ id: "third", role: "Analyst" })), "b.json")
    replay.add(apiCall("ec2.amazonaws.com", "DescribeInstances"))
    const report = replay.report()
    expect(report.totals).toMatchObject({
      eventsRead: 4,
      evaluated: 4,
      newlyDenied: 3,
      unaffected: 1,
      skipped: 0,
    })
    expect(report.newlyDenied).toHaveLength(2)
    const [developer, analyst] = report.newlyDenied
    expect(developer).toMatchObject({
      account: "111111111111",
      principal: "arn:aws:iam::111111111111:role/Developer",
      action: "rds:CreateDBInstance",
      count: 2,
      firstSeen: "2026-11-20T08:00:00Z",
      lastSeen: "2026-11-20T10:00:00Z",
      current: "Allow",
      proposed: "ExplicitDeny",
      decidedBy: [{ level: "r-root", policy: "guardrail", sid: "DenyUnencrypted", statement: 0 }],
      example: { eventId: "first", eventTime: "2026-11-20T10:00:00Z", file: "a.json" },
    })
    expect(developer?.example.event).toMatchObject({
      eventName: "CreateDBInstance",
      responseElements: "(omitted)",
    })
    expect(analyst).toMatchObject({ principal: "arn:aws:iam::111111111111:role/Analyst", count: 1 })
  })

  it("evaluates each distinct request once, however often it repeats", () => {
    const { replay, calls } = replayWith({ proposed: () => allow })
    for (let i = 0; i < 50; i++) {
      replay.add(
        apiCall("ec2.amazonaws.com", "DescribeInstances", {
          eventTime: `2026-11-20T08:00:${String(i).padStart(2, "0")}Z`,
          userIdentity: roleSession("Developer", { session: `s${i % 5}` }),
        }),
      )
    }
    expect(calls).toEqual({ current: 1, proposed: 1 })
    expect(replay.report().totals.distinctRequests).toBe(1)
  })

  it("counts already denied requests and calls AWS refused at the time", () => {
    const { replay } = replayWith({ current: () => denyBy("Old"), proposed: () => denyBy("New") })
    replay.add(createDbInstance({}))
    replay.add({ ...createDbInstance({}), errorCode: "AccessDenied" })
    const report = replay.report()
    expect(report.totals).toMatchObject({ alreadyDenied: 2, newlyDenied: 0, deniedInReality: 1 })
    expect(report.newlyDenied).toEqual([])
  })

  it("counts refused calls inside their group too", () => {
    const { replay } = replayWith({ proposed: () => denyBy("New") })
    replay.add({ ...createDbInstance({}), errorCode: "AccessDenied" })
    replay.add(createDbInstance({}))
    expect(replay.report().newlyDenied[0]).toMatchObject({ count: 2, deniedInReality: 1 })
  })
})

describe("the unknown group", () => {
  it("lists requests the proposed SCPs may deny, with the keys CloudTrail did not record", () => {
    const { replay } = replayWith({
      proposed: (r) => (r.action === "rds:CreateDBInstance" ? unknownOn("rds:storageencrypted") : allow),
    })
    replay.add({ ...createDbInstance({}), requestParameters: null })
    const report = replay.report()
    expect(report.totals).toMatchObject({ unknown: 1, newlyDenied: 0 })
    expect(report.unknown[0]).toMatchObject({
      action: "rds:CreateDBInstance",
      proposed: "Unknown",
      unknownKeys: ["rds:storageencrypted"],
      decidedBy: [{ sid: "Maybe" }],
    })
  })

  it("also holds requests the proposal denies whose fate today is undecided", () => {
    const { replay } = replayWith({ current: () => unknownOn("aws:sourceip"), proposed: () => denyBy("New") })
    replay.add(createDbInstance({ encrypted: false }))
    expect(replay.report().unknown[0]).toMatchObject({
      current: "Unknown",
      proposed: "ExplicitDeny",
      unknownKeys: ["aws:sourceip"],
    })
  })
})

describe("what is not evaluated", () => {
  it("counts skipped events by reason", () => {
    const { replay } = replayWith({ proposed: () => allow })
    replay.add(apiCall("signin.amazonaws.com", "ConsoleLogin", { eventType: "AwsConsoleSignIn" }))
    replay.add(apiCall("kms.amazonaws.com", "RotateKey", { eventType: "AwsServiceEvent" }))
    replay.add(apiCall("kms.amazonaws.com", "RotateKey", { eventType: "AwsServiceEvent" }))
    replay.add(apiCall("sts.amazonaws.com", "GetCallerIdentity"))
    const totals = replay.report().totals
    expect(totals).toMatchObject({ eventsRead: 4, evaluated: 0, skipped: 4 })
    expect(totals.skippedByReason).toEqual({
      "console-sign-in": 1,
      "service-event": 2,
      "not-authorized-by-iam": 1,
    })
  })

  it("skips accounts without a hierarchy, and uses each account's own", () => {
    const other: Hierarchy = { levels: [{ id: "r-root", policies: [] }] }
    const { replay } = replayWith(
      { proposed: () => denyBy("New") },
      {
        current: { hierarchies: { "111111111111": current, "222222222222": other } },
        proposed: { hierarchies: { "111111111111": proposed } },
      },
    )
    replay.add(createDbInstance({}))
    replay.add(
      apiCall("ec2.amazonaws.com", "DescribeInstances", {
        userIdentity: roleSession("Developer", { account: "222222222222" }),
      }),
    )
    expect(replay.report().totals).toMatchObject({
      newlyDenied: 1,
      skipped: 1,
      skippedByReason: { "no-hierarchy": 1 },
    })
  })

  it("counts the second copy of a cross-account call once", () => {
    const { replay } = replayWith({ proposed: () => allow })
    const call = apiCall("sts.amazonaws.com", "AssumeRole", { sharedEventID: "shared-1" })
    replay.add(call)
    replay.add({ ...call, recipientAccountId: "222222222222", eventID: "other-copy" })
    expect(replay.report().totals).toMatchObject({ evaluated: 1, skippedByReason: { duplicate: 1 } })
  })
})
