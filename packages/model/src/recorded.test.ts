import { describe, expect, it } from "vitest"
import { recorded } from "./recorded.ts"

describe("recorded", () => {
  it("lowers the first letter of every field, writes instants as ISO text, drops absent fields and TagList", () => {
    expect(
      recorded({
        DBInstanceIdentifier: "orders",
        MultiAZ: true,
        IAMDatabaseAuthenticationEnabled: false,
        InstanceCreateTime: new Date("2026-11-01T00:00:00Z"),
        Endpoint: { Address: "orders.example", Port: 5432 },
        VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1" }],
        KmsKeyId: undefined,
        TagList: [{ Key: "team", Value: "orders" }],
      }),
    ).toEqual({
      dBInstanceIdentifier: "orders",
      multiAZ: true,
      iAMDatabaseAuthenticationEnabled: false,
      instanceCreateTime: "2026-11-01T00:00:00.000Z",
      endpoint: { address: "orders.example", port: 5432 },
      vpcSecurityGroups: [{ vpcSecurityGroupId: "sg-1" }],
    })
  })
})
