import { type HierarchySet, readHierarchySet } from "@rampart/scp"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { createDbInstance, devAccount } from "../../../scp/src/replay/events.test-support.ts"
import { impactGateOfEvents, summarizeImpactGate } from "./impact-gate.ts"

const full = {
  name: "FullAWSAccess",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
}

/** Every account under the root with FullAWSAccess, plus `extra` at the root. */
const everywhere = (extra: ReadonlyArray<typeof full> = []): HierarchySet => {
  const read = readHierarchySet(
    {
      hierarchies: {
        managementAccountId: "999999999999",
        levels: [
          { id: "r-root", policies: [full, ...extra] },
          { id: devAccount, policies: [full] },
        ],
      },
    },
    "test",
  )
  if (!read.ok) throw new Error(JSON.stringify(read.diagnostics))
  return read.set
}

/** Denies creating databases in production-tagged requests: CloudTrail does not record the request's tags here. */
const denyProdTagged = {
  name: "DenyProdTaggedDatabases",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Action: "rds:CreateDBInstance",
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestTag/env": "prod" } },
      },
    ],
  },
}

const window = { since: new Date("2026-11-19T00:00:00Z"), until: new Date("2026-11-21T00:00:00Z") }
const events = [{ file: "trail.json", events: [createDbInstance({ encrypted: true })], diagnostics: [] }]

describe("the impact gate's decision", () => {
  it("lists calls whose fate depends on what CloudTrail did not record as unknown, without stopping the wave", async () => {
    const result = await Effect.runPromise(
      impactGateOfEvents({
        accounts: [devAccount],
        regions: ["eu-west-1"],
        window,
        current: everywhere(),
        proposed: everywhere([denyProdTagged]),
        acknowledgements: [],
        events,
      }),
    )
    expect(result.passed).toBe(true)
    expect(result.newlyDenied).toEqual([])
    expect(result.unknown.map((g) => [g.action, g.unknownKeys])).toEqual([
      ["rds:CreateDBInstance", ["aws:requesttag/env"]],
    ])
    expect(summarizeImpactGate(result)).toContain(
      "1 group may be denied depending on condition keys CloudTrail did not record (aws:requesttag/env); it is listed for review and does not stop the wave.",
    )
  })

  it("fails when a wave account has no hierarchy to judge it by, and passes over events outside the window", async () => {
    const result = await Effect.runPromise(
      impactGateOfEvents({
        accounts: [devAccount, "222222222299"],
        regions: ["eu-west-1"],
        window: { since: new Date("2026-11-21T00:00:00Z"), until: new Date("2026-11-22T00:00:00Z") },
        current: { hierarchies: {} },
        proposed: everywhere([denyProdTagged]),
        acknowledgements: [],
        events,
      }),
    )
    expect(result.passed).toBe(false)
    expect(result.withoutHierarchy).toEqual([devAccount, "222222222299"])
    expect(result.totals).toMatchObject({ eventsRead: 0, passedOver: 1 })
    expect(result.reasons).toEqual([
      "no current or proposed SCP hierarchy was given for 2 accounts (111111111111, 222222222299)",
    ])
  })
})
