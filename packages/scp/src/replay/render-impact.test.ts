import { describe, expect, it } from "vitest"
import type { ImpactGroup, ImpactReport } from "./impact-report.ts"
import { renderImpactJson, renderImpactText } from "./render-impact.ts"

const group = (overrides: Partial<ImpactGroup> = {}): ImpactGroup => ({
  account: "111111111111",
  principal: "arn:aws:iam::111111111111:role/Developer",
  action: "rds:CreateDBInstance",
  count: 1200,
  deniedInReality: 0,
  firstSeen: "2026-11-20T08:00:00Z",
  lastSeen: "2026-11-21T17:30:00Z",
  resources: [],
  example: { eventId: "e-1", eventTime: "2026-11-20T08:00:00Z", file: "a.json.gz", event: {} },
  current: "Allow",
  proposed: "ExplicitDeny",
  decidedBy: [
    { level: "r-root", policy: "deny-unencrypted-rds", sid: "DenyUnencryptedDBInstance", statement: 0 },
  ],
  reason: "explicitly denied",
  ...overrides,
})

const report = (overrides: Partial<ImpactReport> = {}): ImpactReport => ({
  totals: {
    files: 3,
    eventsRead: 1_000_000,
    evaluated: 990_000,
    skipped: 10_000,
    skippedByReason: { "service-event": 9_000, "console-sign-in": 1_000 },
    newlyDenied: 1_250,
    unknown: 7,
    alreadyDenied: 12,
    unaffected: 988_000,
    exempt: 731,
    deniedInReality: 40,
    distinctRequests: 812,
    diagnostics: 0,
  },
  newlyDenied: [group(), group({ principal: "arn:aws:iam::111111111111:role/Admin", count: 50 })],
  unknown: [
    group({
      action: "rds:CreateBlueGreenDeployment",
      count: 7,
      proposed: "Unknown",
      unknownKeys: ["rds:storageencrypted"],
    }),
  ],
  diagnostics: [],
  ...overrides,
})

describe("the text report", () => {
  it("leads with the verdict, then the largest groups with what decided them", () => {
    const text = renderImpactText(report())
    expect(text.split("\n").slice(0, 5)).toEqual([
      "Replayed 1,000,000 events from 3 files: 990,000 evaluated, 10,000 skipped, 812 distinct requests",
      "",
      "  NEWLY DENIED  1,250 events in 2 groups",
      "  UNKNOWN       7 events in 1 group (the decision depends on what CloudTrail did not record)",
      "  already denied 12 · unaffected 988,000 · exempt from SCPs 731 · refused by AWS at the time 40",
    ])
    expect(text).toContain(
      "  1. 1,200 events  rds:CreateDBInstance\n     by arn:aws:iam::111111111111:role/Developer in 111111111111",
    )
    expect(text).toContain("2026-11-20T08:00:00Z … 2026-11-21T17:30:00Z")
    expect(text).toContain("denied by deny-unencrypted-rds (DenyUnencryptedDBInstance) at r-root")
    expect(text).toContain("depends on: rds:storageencrypted")
    expect(text).toMatch(/9,000 {2}AWS service events/)
  })

  it("sums up the groups past the top ones", () => {
    expect(renderImpactText(report(), { top: 1 })).toContain(
      "… and 1 more group (50 events): see the JSON report",
    )
  })

  it("says so when nothing would be newly denied", () => {
    const quiet = report({ newlyDenied: [], unknown: [] })
    const text = renderImpactText({ ...quiet, totals: { ...quiet.totals, newlyDenied: 0, unknown: 0 } })
    expect(text).toContain("Nothing replayed would be newly denied by the proposed SCPs.")
  })

  it("lists problems met while reading", () => {
    const diagnostics = [
      {
        severity: "error" as const,
        code: "replay.json",
        file: "a.jsonl",
        path: "",
        message: "not valid JSON",
        position: { line: 3, column: 7 },
      },
    ]
    expect(renderImpactText(report({ diagnostics }))).toContain("error: a.jsonl:3:7: not valid JSON")
  })
})

describe("the JSON report", () => {
  it("is the report itself", () => {
    expect(JSON.parse(renderImpactJson(report()))).toEqual(report())
  })
})
