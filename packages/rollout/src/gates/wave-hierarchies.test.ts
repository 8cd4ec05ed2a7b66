import type { OrganizationTree } from "@rampart/aws"
import { hierarchyFor } from "@rampart/scp"
import { describe, expect, it } from "vitest"
import { waveHierarchies } from "./wave-hierarchies.ts"

const allow = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
const denyLeave =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'

const tree: OrganizationTree = {
  id: "o-example0001",
  managementAccountId: "999999999999",
  rootId: "r-ab12",
  ous: [{ id: "ou-ab12-dev00001", name: "Dev", path: "/Dev", parentId: "r-ab12" }],
  accounts: [
    {
      id: "111111111111",
      name: "A",
      email: "a@example.com",
      status: "ACTIVE",
      parentId: "ou-ab12-dev00001",
      ouPath: "/Dev",
    },
    {
      id: "222222222222",
      name: "B",
      email: "b@example.com",
      status: "ACTIVE",
      parentId: "r-ab12",
      ouPath: "/",
    },
  ],
  attachments: {
    "r-ab12": ["p-FullAWSAccess"],
    "ou-ab12-dev00001": ["p-FullAWSAccess", "p-old"],
    "111111111111": ["p-FullAWSAccess"],
    "222222222222": ["p-FullAWSAccess"],
  },
  policies: {
    "p-FullAWSAccess": { id: "p-FullAWSAccess", name: "FullAWSAccess", awsManaged: true, content: allow },
    "p-old": { id: "p-old", name: "rampart-deny-leave-organization", awsManaged: false, content: denyLeave },
  },
}

const policyNames = (set: Parameters<typeof hierarchyFor>[0], account: string) =>
  hierarchyFor(set, account)?.levels.map((level) => [level.id, level.policies.map((p) => p.name)])

describe("waveHierarchies", () => {
  it("makes the wave's detachments and attachments at their targets, leaving other accounts as they are", () => {
    const result = waveHierarchies(tree, {
      attach: [
        {
          targetId: "ou-ab12-dev00001",
          name: "rampart-deny-leave-organization-v2",
          document: JSON.parse(denyLeave),
        },
      ],
      detach: [{ targetId: "ou-ab12-dev00001", name: "rampart-deny-leave-organization" }],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(policyNames(result.current, "111111111111")).toEqual([
      ["r-ab12", ["FullAWSAccess"]],
      ["ou-ab12-dev00001", ["FullAWSAccess", "rampart-deny-leave-organization"]],
      ["111111111111", ["FullAWSAccess"]],
    ])
    expect(policyNames(result.proposed, "111111111111")).toEqual([
      ["r-ab12", ["FullAWSAccess"]],
      ["ou-ab12-dev00001", ["FullAWSAccess", "rampart-deny-leave-organization-v2"]],
      ["111111111111", ["FullAWSAccess"]],
    ])
    expect(policyNames(result.proposed, "222222222222")).toEqual(policyNames(result.current, "222222222222"))
  })

  it("returns diagnostics instead of hierarchies when a wave's SCP is not a policy", () => {
    const result = waveHierarchies(tree, {
      attach: [{ targetId: "ou-ab12-dev00001", name: "broken", document: { Statement: "nope" } }],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.diagnostics[0]?.file).toBe("the wave's SCPs")
    expect(result.diagnostics[0]?.path).toContain('hierarchies["111111111111"]')
  })
})
