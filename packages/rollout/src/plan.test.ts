import type { OrganizationTree } from "@rampart/aws"
import { loadCatalog } from "@rampart/catalog"
import { loadConfigText, type RampartConfig } from "@rampart/config"
import { describe, expect, it } from "vitest"
import { desiredState } from "./desired-state.ts"
import { planChanges, staleScps, wantedResources } from "./plan.ts"
import { liveScpState } from "./read-state.ts"
import { resourceKey } from "./resource-state.ts"
import { exemptedDocument, exemptionFor } from "./scp-exemptions.ts"

const catalog = (() => {
  const loaded = loadCatalog()
  if (!loaded.ok) throw new Error("the catalog does not load")
  return loaded.catalog
})()

const now = new Date("2026-12-01T00:00:00Z")

const configOf = (extra: string): RampartConfig => {
  const text = `version: 1
organization:
  id: o-abcdefghij
  managementAccountId: "999999999999"
  hubAccountId: "111111111111"
  regions: [eu-west-1]
roles:
  hub: RampartHub
  audit: RampartAudit
  remediation: RampartRemediation
  pipeline: RampartPipeline
  breakGlass: RampartBreakGlass
  externalId: test-external-id
guardrails:
  - id: deny-unencrypted-rds
  - id: deny-leave-organization
  - id: rampart-audit
${extra}`
  const loaded = loadConfigText(text, "rampart.yaml", { catalog, now })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics))
  return loaded.config
}

/** Root r-1; /Dev (ou-dev) with 222222222201 and 222222222202; /Dev/Team (ou-team) with 222222222203. */
const tree = (extra: Partial<OrganizationTree> = {}): OrganizationTree => ({
  id: "o-abcdefghij",
  managementAccountId: "999999999999",
  rootId: "r-1",
  ous: [
    { id: "ou-dev", name: "Dev", path: "/Dev", parentId: "r-1" },
    { id: "ou-team", name: "Team", path: "/Dev/Team", parentId: "ou-dev" },
  ],
  accounts: [
    {
      id: "999999999999",
      name: "Management",
      email: "m@example.com",
      status: "ACTIVE",
      parentId: "r-1",
      ouPath: "/",
    },
    {
      id: "222222222201",
      name: "A",
      email: "a@example.com",
      status: "ACTIVE",
      parentId: "ou-dev",
      ouPath: "/Dev",
    },
    {
      id: "222222222202",
      name: "B",
      email: "b@example.com",
      status: "ACTIVE",
      parentId: "ou-dev",
      ouPath: "/Dev",
    },
    {
      id: "222222222203",
      name: "C",
      email: "c@example.com",
      status: "ACTIVE",
      parentId: "ou-team",
      ouPath: "/Dev/Team",
    },
  ],
  attachments: { "r-1": ["p-full"], "ou-dev": ["p-full"], "ou-team": ["p-full"] },
  policies: { "p-full": { id: "p-full", name: "FullAWSAccess", awsManaged: true, content: "{}" } },
  ...extra,
})

interface Statement {
  readonly Sid?: string
  readonly Condition?: Record<string, Record<string, string | ReadonlyArray<string>>>
}

const statementsOf = (text: string) => (JSON.parse(text) as { Statement: ReadonlyArray<Statement> }).Statement

describe("desired state", () => {
  it("packs each wave target's SCPs, and gives member resources to the first wave that reaches an account", () => {
    const config = configOf(`waves:
  - name: canary
    targets: ["222222222201"]
  - name: dev
    targets: [/Dev]
`)
    const desired = desiredState(config, catalog, tree(), now)
    expect(desired.problems).toEqual([])
    expect(desired.scps.map((s) => [s.wave, s.target.id, s.policies.map((p) => p.name)])).toEqual([
      ["canary", "222222222201", ["rampart-222222222201-1"]],
      ["dev", "ou-dev", ["rampart-ou-dev-1"]],
    ])
    expect(desired.roles.map((r) => [r.wave, r.account, r.roleName])).toEqual([
      ["canary", "222222222201", "RampartAudit"],
      ["dev", "222222222202", "RampartAudit"],
      ["dev", "222222222203", "RampartAudit"],
    ])
  })

  it("refuses the root and the management account unless allowed, and unknown OUs", () => {
    // The configuration checks refuse these too; the plan holds the line on its own.
    const checked = configOf(`waves:
  - name: everything
    targets: [/Dev]
`)
    const wave = checked.waves[0] as RampartConfig["waves"][number]
    const config: RampartConfig = {
      ...checked,
      waves: [
        {
          ...wave,
          targets: [
            { kind: "ou", path: "/" },
            { kind: "account", accountId: "999999999999" },
            { kind: "ou", path: "/Prod" },
          ],
        },
      ],
    }
    const desired = desiredState(config, catalog, tree(), now)
    expect(desired.problems).toHaveLength(3)
    expect(desired.problems.join("\n")).toMatch(/root is refused/)
    expect(desired.problems.join("\n")).toMatch(/999999999999 is the management account/)
    expect(desired.problems.join("\n")).toMatch(/OU \/Prod is not in the organization/)
  })

  it("counts the organization's own SCPs as used slots: guardrails that do not fit are a problem", () => {
    const config = configOf(`waves:
  - name: dev
    targets: [/Dev]
`)
    const crowded = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [
        `p-own-${i}`,
        { id: `p-own-${i}`, name: `Own${i}`, awsManaged: false, content: "{}" },
      ]),
    )
    const desired = desiredState(
      config,
      catalog,
      tree({
        attachments: {
          "r-1": ["p-full"],
          "ou-dev": ["p-full", ...Object.keys(crowded)],
          "ou-team": ["p-full"],
        },
        policies: {
          "p-full": { id: "p-full", name: "FullAWSAccess", awsManaged: true, content: "{}" },
          ...crowded,
        },
      }),
      now,
    )
    expect(desired.problems.join("\n")).toMatch(/the SCPs for \/Dev do not fit/)
  })
})

describe("exceptions in SCPs", () => {
  const config = configOf(`waves:
  - name: dev
    targets: [/Dev]
exceptions:
  - guardrail: deny-unencrypted-rds
    account: "222222222202"
    principals: ["arn:aws:iam::*:role/CiDeploy"]
    owner: payments@example.com
    reason: The CI template moves to encrypted storage next quarter.
    expires: 2027-01-31
  - guardrail: deny-unencrypted-rds
    ou: /Dev/Team
    owner: team@example.com
    reason: The team's legacy reporting database is migrated in Q1.
    expires: 2027-03-31
`)

  it("exempts the named principals pinned to the excepted account, and every principal of an excepted OU's accounts", () => {
    const desired = desiredState(config, catalog, tree(), now)
    const policy = desired.scps[0]?.policies[0]
    const denyRds = statementsOf(policy?.text ?? "").find((s) => s.Sid === "DenyUnencryptedDBInstance")
    expect(denyRds?.Condition?.ArnNotLike?.["aws:PrincipalArn"]).toContain(
      "arn:aws:iam::222222222202:role/CiDeploy",
    )
    expect(denyRds?.Condition?.ArnNotLike?.["aws:PrincipalArn"]).not.toContain("arn:aws:iam::*:role/CiDeploy")
    expect(denyRds?.Condition?.StringNotEquals?.["aws:PrincipalAccount"]).toBe("222222222203")
    // Other guardrails are untouched.
    const leave = statementsOf(policy?.text ?? "").find((s) => s.Sid === "DenyLeaveOrganization")
    expect(leave?.Condition).toBeUndefined()
    expect(desired.notes.map((n) => n.message).join("\n")).toMatch(
      /exception for 222222222202 .* owned by payments@example.com, until 2027-01-31/,
    )
  })

  it("stops exempting once the exception has expired", () => {
    const desired = desiredState(config, catalog, tree(), new Date("2027-02-01T00:00:00Z"))
    const text = desired.scps[0]?.policies[0]?.text ?? ""
    expect(text).not.toContain("CiDeploy")
    expect(text).toContain('"aws:PrincipalAccount":"222222222203"')
  })

  it("takes the guardrail off a target the exception covers whole", () => {
    const target = {
      wave: "team",
      label: "/Dev/Team",
      kind: "ou" as const,
      id: "ou-team",
      path: "/Dev/Team",
      accounts: tree().accounts.slice(3),
    }
    const exemption = exemptionFor("deny-unencrypted-rds", target, config.exceptions, now)
    expect(exemption.wholeTarget).toHaveLength(1)
    const document = { Statement: [{ Effect: "Deny", Action: "x:Y", Resource: "*" }] }
    expect(
      exemptedDocument(document, { wholeTarget: [], accounts: ["1"], principals: [], exceptions: [] }),
    ).toEqual({
      Statement: [
        {
          Effect: "Deny",
          Action: "x:Y",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalAccount": "1" } },
        },
      ],
    })
  })
})

describe("plans", () => {
  const config = configOf(`waves:
  - name: dev
    targets: [/Dev]
`)

  it("plans what differs from the live state, in wave order, and detaches and deletes Rampart SCPs no longer wanted", () => {
    const live = tree({
      attachments: { "r-1": ["p-full"], "ou-dev": ["p-full", "p-old"], "ou-team": ["p-full"] },
      policies: {
        "p-full": { id: "p-full", name: "FullAWSAccess", awsManaged: true, content: "{}" },
        "p-old": { id: "p-old", name: "rampart-ou-gone-1", awsManaged: false, content: "{}" },
      },
    })
    const desired = desiredState(config, catalog, live, now)
    const wanted = [...wantedResources(desired), ...staleScps(desired, live)]
    const audit = wanted.find((w) => resourceKey(w.state) === "role:222222222201:RampartAudit")
    const states = new Map(audit ? [[resourceKey(audit.state), audit.state]] : [])
    for (const w of wanted) {
      const scp = liveScpState(live, w.state)
      if (scp !== undefined) states.set(resourceKey(w.state), scp)
    }
    const plan = planChanges(
      desired,
      wanted,
      { states, unreadable: [{ key: "role:222222222203:RampartAudit", reason: "AccessDenied" }] },
      now,
    )
    const keys = plan.waves[0]?.changes.map((c) => c.key) ?? []
    // The audit role of 222222222201 is already as wanted; 222222222203's could not be read, so it is not planned.
    expect(keys).not.toContain("role:222222222201:RampartAudit")
    expect(keys).not.toContain("role:222222222203:RampartAudit")
    expect(keys).toEqual([
      "role:222222222202:RampartAudit",
      "scp-policy:rampart-ou-dev-1",
      "scp-attachment:rampart-ou-dev-1@ou-dev",
      "scp-attachment:rampart-ou-gone-1@ou-dev",
      "scp-policy:rampart-ou-gone-1",
    ])
    expect(plan.waves[0]?.changes.at(-2)?.summary).toBe("detach SCP rampart-ou-gone-1 from /Dev")
    expect(plan.unreadable).toHaveLength(1)
  })
})
