import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import type { Hierarchy } from "../hierarchy.ts"
import { parsePolicy } from "../parse.ts"
import type { PolicyDocument } from "../policy.ts"
import { apiCall, createDbInstance } from "./events.test-support.ts"
import { readHierarchySet } from "./hierarchy-set.ts"
import { readEventBatches } from "./read-events.ts"
import { renderImpactText } from "./render-impact.ts"
import { Replay, replayEvents } from "./replay.ts"

const document = (value: unknown): PolicyDocument => {
  const parsed = parsePolicy(value, { kind: "scp", file: "test" })
  if (!parsed.document) throw new Error(JSON.stringify(parsed.diagnostics))
  return parsed.document
}

const pipelineRole = "arn:aws:iam::*:role/RampartPipeline"
const catalogText = readFileSync(
  new URL("../../../../policies/scp/deny-unencrypted-rds.json", import.meta.url),
  "utf8",
)
const denyUnencryptedRds = JSON.parse(
  catalogText.replaceAll('"{{exemptPrincipalArns}}"', JSON.stringify([pipelineRole])),
)
const fullAwsAccess = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }

const hierarchy = (rootPolicies: Record<string, unknown>): Hierarchy => ({
  managementAccountId: "999999999999",
  levels: [
    {
      id: "r-root",
      policies: Object.entries(rootPolicies).map(([name, doc]) => ({ name, document: document(doc) })),
    },
    { id: "ou-dev", policies: [{ name: "FullAWSAccess", document: document(fullAwsAccess) }] },
    { id: "111111111111", policies: [{ name: "FullAWSAccess", document: document(fullAwsAccess) }] },
  ],
})

const current = hierarchy({ FullAWSAccess: fullAwsAccess })
const proposed = hierarchy({ FullAWSAccess: fullAwsAccess, "deny-unencrypted-rds": denyUnencryptedRds })

const replayOne = (event: Record<string, unknown>) => {
  const replay = new Replay({ current: { hierarchies: current }, proposed: { hierarchies: proposed } })
  replay.add(event)
  return replay.report()
}

describe("replaying deny-unencrypted-rds with the SCP evaluator", () => {
  it("newly denies an unencrypted CreateDBInstance by a developer role", () => {
    const report = replayOne(createDbInstance({ encrypted: false }))
    expect(report.totals.newlyDenied).toBe(1)
    expect(report.newlyDenied[0]).toMatchObject({
      principal: "arn:aws:iam::111111111111:role/Developer",
      action: "rds:CreateDBInstance",
      current: "Allow",
      proposed: "ExplicitDeny",
      decidedBy: [
        { level: "r-root", policy: "deny-unencrypted-rds", sid: "DenyUnencryptedDBInstance", statement: 0 },
      ],
    })
  })

  it("newly denies one that leaves StorageEncrypted out, by the Null statement", () => {
    const report = replayOne(createDbInstance({}))
    expect(report.newlyDenied[0]?.decidedBy).toEqual([
      {
        level: "r-root",
        policy: "deny-unencrypted-rds",
        sid: "DenyDBInstanceWithoutEncryptionFlag",
        statement: 1,
      },
    ])
  })

  it("does not deny the same call by the exempt pipeline role", () => {
    const report = replayOne(createDbInstance({ encrypted: false, role: "RampartPipeline" }))
    expect(report.totals).toMatchObject({ newlyDenied: 0, unknown: 0, unaffected: 1 })
  })

  it("does not deny an encrypted one, nor an Aurora instance", () => {
    expect(replayOne(createDbInstance({ encrypted: true })).totals).toMatchObject({
      newlyDenied: 0,
      unaffected: 1,
    })
    expect(replayOne(createDbInstance({ engine: "aurora-mysql" })).totals).toMatchObject({
      newlyDenied: 0,
      unaffected: 1,
    })
  })

  it("reports a call whose request parameters were not recorded as unknown, naming the missing keys", () => {
    const report = replayOne({ ...createDbInstance({ encrypted: false }), requestParameters: null })
    expect(report.totals).toMatchObject({ newlyDenied: 0, unknown: 1 })
    expect(report.unknown[0]?.unknownKeys).toEqual(["rds:databaseengine", "rds:storageencrypted"])
  })

  it("exempts the management account", () => {
    const report = replayOne(createDbInstance({ encrypted: false, role: "Developer" }))
    expect(report.totals.newlyDenied).toBe(1)
    const management = apiCall("rds.amazonaws.com", "CreateDBInstance", {
      userIdentity: {
        type: "IAMUser",
        arn: "arn:aws:iam::999999999999:user/ops",
        accountId: "999999999999",
        accessKeyId: "AKIAEXAMPLE",
        userName: "ops",
      },
      requestParameters: { engine: "postgres", storageEncrypted: false },
    })
    expect(replayOne(management).totals).toMatchObject({ exempt: 1, newlyDenied: 0 })
  })

  it("replays a gzip log file end to end and renders the result", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rampart-replay-e2e-"))
    const records = [
      createDbInstance({ encrypted: false, id: "e1" }),
      createDbInstance({ encrypted: true, id: "e2" }),
      createDbInstance({ encrypted: false, role: "RampartPipeline", id: "e3" }),
      { ...createDbInstance({ id: "e4" }), requestParameters: null },
      apiCall("ec2.amazonaws.com", "DescribeInstances"),
      apiCall("signin.amazonaws.com", "ConsoleLogin", { eventType: "AwsConsoleSignIn" }),
    ]
    const file = join(folder, "111111111111_CloudTrail_eu-west-1_20261120T0805Z_abc.json.gz")
    writeFileSync(file, gzipSync(JSON.stringify({ Records: records })))
    const hierarchies = readHierarchySet(
      JSON.parse(
        JSON.stringify({
          hierarchies: {
            managementAccountId: "999999999999",
            levels: [
              {
                id: "r-root",
                policies: [
                  { name: "FullAWSAccess", document: fullAwsAccess },
                  { name: "deny-unencrypted-rds", document: denyUnencryptedRds },
                ],
              },
              { id: "111111111111", policies: [{ name: "FullAWSAccess", document: fullAwsAccess }] },
            ],
          },
        }),
      ),
      "proposed.json",
    )
    if (!hierarchies.ok) throw new Error(JSON.stringify(hierarchies.diagnostics))
    const report = await replayEvents(readEventBatches(folder), {
      current: { hierarchies: current },
      proposed: hierarchies.set,
    })
    rmSync(folder, { recursive: true, force: true })
    expect(report.totals).toMatchObject({
      files: 1,
      eventsRead: 6,
      evaluated: 5,
      skipped: 1,
      newlyDenied: 1,
      unknown: 1,
      unaffected: 3,
      skippedByReason: { "console-sign-in": 1 },
    })
    expect(report.newlyDenied[0]?.example).toMatchObject({ eventId: "e1", file })
    const text = renderImpactText(report)
    expect(text).toContain("NEWLY DENIED  1 event in 1 group")
    expect(text).toContain("denied by deny-unencrypted-rds (DenyUnencryptedDBInstance) at r-root")
    expect(text).toContain("depends on: rds:databaseengine, rds:storageencrypted")
    expect(text).toContain("console sign-ins")
  })
})
