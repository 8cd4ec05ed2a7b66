import { describe, expect, it } from "vitest"
import { request, scp } from "./fixtures.test-support.ts"
import { compileIdentityPolicies } from "./identity-evaluator.ts"
import { compileTrustPolicy } from "./trust-evaluator.ts"

const trust = compileTrustPolicy(
  scp(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:role/RampartHub" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "ext-1", "aws:PrincipalOrgID": "o-abcdefghij" } },
        },
      ],
    },
    "trust",
  ),
  "arn:aws:iam::222222222222:role/RampartAudit",
)

const assume = (principalArn: string, context: Record<string, string>) =>
  request("sts:AssumeRole", {
    principalArn,
    account: principalArn.split(":")[4] ?? "",
    resource: "arn:aws:iam::222222222222:role/RampartAudit",
    context,
  })

describe("compileTrustPolicy", () => {
  it("allows the hub role with the external id from inside the organization", () => {
    expect(
      trust.evaluate(
        assume("arn:aws:iam::111111111111:role/RampartHub", {
          "sts:ExternalId": "ext-1",
          "aws:PrincipalOrgID": "o-abcdefghij",
        }),
      ).decision,
    ).toBe("Allow")
  })

  it("refuses a wrong or missing external id", () => {
    expect(
      trust.evaluate(
        assume("arn:aws:iam::111111111111:role/RampartHub", {
          "sts:ExternalId": "guess",
          "aws:PrincipalOrgID": "o-abcdefghij",
        }),
      ).decision,
    ).toBe("ImplicitDeny")
    expect(
      trust.evaluate(
        assume("arn:aws:iam::111111111111:role/RampartHub", { "aws:PrincipalOrgID": "o-abcdefghij" }),
      ).decision,
    ).toBe("ImplicitDeny")
  })

  it("refuses the hub role from outside the organization", () => {
    expect(
      trust.evaluate(
        assume("arn:aws:iam::111111111111:role/RampartHub", {
          "sts:ExternalId": "ext-1",
          "aws:PrincipalOrgID": "o-otherorg00",
        }),
      ).decision,
    ).toBe("ImplicitDeny")
  })

  it("refuses other principals of the hub account", () => {
    const decision = trust.evaluate(
      assume("arn:aws:iam::111111111111:role/Developer", {
        "sts:ExternalId": "ext-1",
        "aws:PrincipalOrgID": "o-abcdefghij",
      }),
    )
    expect(decision.decision).toBe("ImplicitDeny")
    expect(decision.reason).toContain("RampartAudit")
  })

  it("treats an account id or its root ARN as every principal of that account", () => {
    for (const principal of ["111111111111", "arn:aws:iam::111111111111:root"]) {
      const accountTrust = compileTrustPolicy(
        scp(
          {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
          },
          "trust",
        ),
      )
      expect(accountTrust.evaluate(assume("arn:aws:iam::111111111111:role/Anyone", {})).decision).toBe(
        "Allow",
      )
      expect(accountTrust.evaluate(assume("arn:aws:iam::333333333333:role/Anyone", {})).decision).toBe(
        "ImplicitDeny",
      )
    }
  })

  it("matches service principals and honours an explicit Deny", () => {
    const policy = compileTrustPolicy(
      scp(
        {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ssm.amazonaws.com" }, Action: "sts:AssumeRole" },
            {
              Effect: "Deny",
              Principal: "*",
              Action: "sts:AssumeRole",
              Condition: { StringNotEquals: { "aws:SourceOrgID": "o-abcdefghij" } },
            },
          ],
        },
        "trust",
      ),
    )
    const ssm = (org: string) =>
      request("sts:AssumeRole", { principalArn: "ssm.amazonaws.com", context: { "aws:SourceOrgID": org } })
    expect(policy.evaluate(ssm("o-abcdefghij")).decision).toBe("Allow")
    expect(policy.evaluate(ssm("o-otherorg00")).decision).toBe("ExplicitDeny")
  })
})

describe("compileIdentityPolicies", () => {
  const identity = compileIdentityPolicies([
    {
      name: "ReadOnly",
      document: scp(
        {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["rds:Describe*", "config:Get*"], Resource: "*" }],
        },
        "identity",
      ),
    },
    {
      name: "NoSecrets",
      document: scp(
        {
          Version: "2012-10-17",
          Statement: [{ Sid: "NoSecrets", Effect: "Deny", Action: "rds:DescribeDBLogFiles", Resource: "*" }],
        },
        "identity",
      ),
    },
  ])

  it("allows what an Allow covers", () => {
    expect(identity.evaluate(request("rds:DescribeDBInstances")).decision).toBe("Allow")
  })

  it("denies implicitly what no Allow covers", () => {
    expect(identity.evaluate(request("rds:DeleteDBInstance"))).toMatchObject({
      decision: "ImplicitDeny",
      missingAllowAt: ["identity"],
    })
  })

  it("lets an explicit Deny win over an Allow", () => {
    expect(identity.evaluate(request("rds:DescribeDBLogFiles"))).toMatchObject({
      decision: "ExplicitDeny",
      decidedBy: [{ policy: "NoSecrets", sid: "NoSecrets" }],
    })
  })
})
