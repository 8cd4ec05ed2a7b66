import type { OrganizationTree } from "@rampart/aws"
import { describe, expect, it } from "vitest"
import { effectiveScps } from "./effective-scps.ts"

const full = {
  id: "p-FullAWSAccess",
  name: "FullAWSAccess",
  awsManaged: true,
  content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
}
const deny = {
  id: "p-deny0001",
  name: "DenyLeave",
  awsManaged: false,
  content:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}',
}

const tree: OrganizationTree = {
  id: "o-example0001",
  managementAccountId: "999999999999",
  rootId: "r-ab12",
  ous: [
    { id: "ou-ab12-work0001", name: "Workloads", path: "/Workloads", parentId: "r-ab12" },
    { id: "ou-ab12-prod0001", name: "Prod", path: "/Workloads/Prod", parentId: "ou-ab12-work0001" },
  ],
  accounts: [
    {
      id: "999999999999",
      name: "Management",
      email: "m@example.com",
      status: "ACTIVE",
      parentId: "r-ab12",
      ouPath: "/",
    },
    {
      id: "111111111111",
      name: "Prod",
      email: "p@example.com",
      status: "ACTIVE",
      parentId: "ou-ab12-prod0001",
      ouPath: "/Workloads/Prod",
    },
  ],
  attachments: {
    "r-ab12": ["p-FullAWSAccess"],
    "ou-ab12-work0001": ["p-FullAWSAccess", "p-deny0001"],
    "ou-ab12-prod0001": ["p-FullAWSAccess"],
    "111111111111": ["p-FullAWSAccess"],
    "999999999999": ["p-FullAWSAccess"],
  },
  policies: { "p-FullAWSAccess": full, "p-deny0001": deny },
}

describe("effectiveScps", () => {
  it("walks each account's path from the root, with the documents attached at every level", () => {
    const prod = effectiveScps(tree)["111111111111"]
    expect(prod?.levels.map((l) => [l.id, l.policies.map((p) => p.name)])).toEqual([
      ["r-ab12", ["FullAWSAccess"]],
      ["ou-ab12-work0001", ["FullAWSAccess", "DenyLeave"]],
      ["ou-ab12-prod0001", ["FullAWSAccess"]],
      ["111111111111", ["FullAWSAccess"]],
    ])
    expect(prod?.levels[1]?.policies[1]?.document).toEqual(JSON.parse(deny.content))
    expect(effectiveScps(tree)["999999999999"]?.levels.map((l) => l.id)).toEqual(["r-ab12", "999999999999"])
  })
})
