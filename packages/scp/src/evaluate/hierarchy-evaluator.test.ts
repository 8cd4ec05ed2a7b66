import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import type { Hierarchy } from "../hierarchy.ts"
import type { Request } from "../request.ts"
import { deny, fullAwsAccess, request, scp, tree } from "./fixtures.test-support.ts"
import { compileHierarchy } from "./hierarchy-evaluator.ts"

const decide = (hierarchy: Hierarchy, req: Request) => compileHierarchy(hierarchy).evaluate(req)

const catalogPolicy = (name: string, exempt: ReadonlyArray<string>) =>
  scp(
    JSON.parse(
      readFileSync(new URL(`../../../../policies/scp/${name}.json`, import.meta.url), "utf8").replaceAll(
        '"{{exemptPrincipalArns}}"',
        JSON.stringify(exempt),
      ),
    ),
  )

const rdsDeny = catalogPolicy("deny-unencrypted-rds", ["arn:aws:iam::*:role/RampartPipeline"])
/** The same policy without its Null statements: the gap the AWS sample leaves. */
const rdsDenyWithoutNull = scp({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "A",
      Effect: "Deny",
      Action: "rds:CreateDBInstance",
      Resource: "*",
      Condition: {
        StringNotLike: { "rds:DatabaseEngine": "aurora*" },
        Bool: { "rds:StorageEncrypted": "false" },
      },
    },
    {
      Sid: "B",
      Effect: "Deny",
      Action: "rds:CreateDBCluster",
      Resource: "*",
      Condition: { Bool: { "rds:StorageEncrypted": "false" } },
    },
  ],
})

const regionDeny = deny(
  {
    NotAction: ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*"],
    Condition: {
      StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] },
      ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/Admin"] },
    },
  },
  "DenyOutsideEurope",
)

const allowOnly = (actions: ReadonlyArray<string>) =>
  scp({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] })

const standard = (ouPolicies: Record<string, ReturnType<typeof scp>>) =>
  tree([
    { id: "r-root" },
    { id: "ou-prod", policies: { FullAWSAccess: fullAwsAccess, ...ouPolicies } },
    { id: "111111111111" },
  ])

interface Case {
  readonly name: string
  readonly hierarchy: Hierarchy
  readonly request: Request
  readonly decision: "Allow" | "ImplicitDeny" | "ExplicitDeny" | "Unknown"
  readonly by?: ReadonlyArray<string>
}

const cases: ReadonlyArray<Case> = [
  // Inheritance: what is allowed is the intersection of every level.
  ...(() => {
    const h = tree([
      { id: "r-root" },
      { id: "ou-apps", policies: { AllowComputeStorage: allowOnly(["ec2:*", "s3:*"]) } },
      { id: "111111111111", policies: { AllowStorage: allowOnly(["s3:*"]) } },
    ])
    return [
      {
        name: "intersection: allowed at every level",
        hierarchy: h,
        request: request("s3:GetObject"),
        decision: "Allow" as const,
      },
      {
        name: "intersection: the account does not allow ec2",
        hierarchy: h,
        request: request("ec2:RunInstances"),
        decision: "ImplicitDeny" as const,
      },
      {
        name: "intersection: neither OU nor account allows iam",
        hierarchy: h,
        request: request("iam:CreateUser"),
        decision: "ImplicitDeny" as const,
      },
    ]
  })(),
  // Deny-list strategy: FullAWSAccess stays, Deny SCPs are added.
  {
    name: "deny list: leaving the organization",
    hierarchy: standard({ DenyLeave: deny({ Action: "organizations:LeaveOrganization" }, "DenyLeave") }),
    request: request("organizations:LeaveOrganization"),
    decision: "ExplicitDeny",
    by: ["ou-prod/DenyLeave/DenyLeave"],
  },
  {
    name: "deny list: other actions stay allowed",
    hierarchy: standard({ DenyLeave: deny({ Action: "organizations:LeaveOrganization" }) }),
    request: request("organizations:DescribeOrganization"),
    decision: "Allow",
  },
  // Region deny with exempt roles.
  {
    name: "region deny: EC2 outside the allowed regions",
    hierarchy: standard({ Region: regionDeny }),
    request: request("ec2:RunInstances", { region: "us-east-1" }),
    decision: "ExplicitDeny",
  },
  {
    name: "region deny: inside an allowed region",
    hierarchy: standard({ Region: regionDeny }),
    request: request("ec2:RunInstances", { region: "eu-central-1" }),
    decision: "Allow",
  },
  {
    name: "region deny: global service excluded by NotAction",
    hierarchy: standard({ Region: regionDeny }),
    request: request("iam:CreateRole", { region: "us-east-1" }),
    decision: "Allow",
  },
  {
    name: "region deny: exempt admin role",
    hierarchy: standard({ Region: regionDeny }),
    request: request("ec2:RunInstances", { region: "us-east-1", role: "Admin" }),
    decision: "Allow",
  },
  // Protecting a role, with an admin exception.
  ...(() => {
    const protect = deny(
      {
        Action: ["iam:AttachRolePolicy", "iam:DeleteRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
        Resource: "arn:aws:iam::*:role/RampartAudit",
        Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } },
      },
      "ProtectRole",
    )
    const h = standard({ Protect: protect })
    return [
      {
        name: "role protection: developer cannot change the role",
        hierarchy: h,
        request: request("iam:AttachRolePolicy", { resource: "arn:aws:iam::111111111111:role/RampartAudit" }),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "role protection: admin can",
        hierarchy: h,
        request: request("iam:AttachRolePolicy", {
          role: "Admin",
          resource: "arn:aws:iam::111111111111:role/RampartAudit",
        }),
        decision: "Allow" as const,
      },
      {
        name: "role protection: other roles are not protected",
        hierarchy: h,
        request: request("iam:AttachRolePolicy", { resource: "arn:aws:iam::111111111111:role/AppRole" }),
        decision: "Allow" as const,
      },
    ]
  })(),
  // Blocking the member account's root user.
  ...(() => {
    const h = standard({
      NoRoot: deny(
        { Action: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } },
        "DenyRoot",
      ),
    })
    return [
      {
        name: "root user blocked",
        hierarchy: h,
        request: request("s3:ListAllMyBuckets", { principalArn: "arn:aws:iam::111111111111:root" }),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "roles unaffected by the root block",
        hierarchy: h,
        request: request("s3:ListAllMyBuckets"),
        decision: "Allow" as const,
      },
    ]
  })(),
  // MFA with IfExists.
  ...(() => {
    const ifExists = standard({
      Mfa: deny({
        Action: "ec2:StopInstances",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      }),
    })
    const plain = standard({
      Mfa: deny({
        Action: "ec2:StopInstances",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      }),
    })
    return [
      {
        name: "MFA IfExists: without MFA",
        hierarchy: ifExists,
        request: request("ec2:StopInstances", { context: { "aws:MultiFactorAuthPresent": "false" } }),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "MFA IfExists: with MFA",
        hierarchy: ifExists,
        request: request("ec2:StopInstances", { context: { "aws:MultiFactorAuthPresent": "true" } }),
        decision: "Allow" as const,
      },
      {
        name: "MFA IfExists: key absent (long-term keys) is denied",
        hierarchy: ifExists,
        request: request("ec2:StopInstances"),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "MFA plain Bool: key absent is not denied",
        hierarchy: plain,
        request: request("ec2:StopInstances"),
        decision: "Allow" as const,
      },
    ]
  })(),
  // The RDS pattern, with and without the Null statement.
  ...(() => {
    const h = standard({ Rds: rdsDeny })
    const gap = standard({ Rds: rdsDenyWithoutNull })
    const create = (context: Record<string, string>, role?: string) =>
      request("rds:CreateDBInstance", { context, ...(role ? { role } : {}) })
    return [
      {
        name: "RDS: unencrypted MySQL instance",
        hierarchy: h,
        request: create({ "rds:DatabaseEngine": "mysql", "rds:StorageEncrypted": "false" }),
        decision: "ExplicitDeny" as const,
        by: ["ou-prod/Rds/DenyUnencryptedDBInstance"],
      },
      {
        name: "RDS: encrypted MySQL instance",
        hierarchy: h,
        request: create({ "rds:DatabaseEngine": "mysql", "rds:StorageEncrypted": "true" }),
        decision: "Allow" as const,
      },
      {
        name: "RDS: encryption not specified is denied by the Null statement",
        hierarchy: h,
        request: create({ "rds:DatabaseEngine": "postgres" }),
        decision: "ExplicitDeny" as const,
        by: ["ou-prod/Rds/DenyDBInstanceWithoutEncryptionFlag"],
      },
      {
        name: "RDS: without the Null statement the omitted flag gets through",
        hierarchy: gap,
        request: create({ "rds:DatabaseEngine": "postgres" }),
        decision: "Allow" as const,
      },
      {
        name: "RDS: Aurora instances are left to their cluster",
        hierarchy: h,
        request: create({ "rds:DatabaseEngine": "aurora-mysql" }),
        decision: "Allow" as const,
      },
      {
        name: "RDS: unencrypted cluster",
        hierarchy: h,
        request: request("rds:CreateDBCluster", { context: { "rds:StorageEncrypted": "false" } }),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "RDS: restore from snapshot is not touched",
        hierarchy: h,
        request: request("rds:RestoreDBInstanceFromDBSnapshot"),
        decision: "Allow" as const,
      },
      {
        name: "RDS: the pipeline role is exempt",
        hierarchy: h,
        request: create(
          { "rds:DatabaseEngine": "mysql", "rds:StorageEncrypted": "false" },
          "RampartPipeline",
        ),
        decision: "Allow" as const,
      },
    ]
  })(),
  // NotResource.
  ...(() => {
    const h = standard({
      Buckets: deny({
        Action: "s3:*",
        Resource: undefined,
        NotResource: ["arn:aws:s3:::approved-*", "arn:aws:s3:::approved-*/*"],
      }),
    })
    return [
      {
        name: "NotResource: other buckets denied",
        hierarchy: h,
        request: request("s3:GetObject", { resource: "arn:aws:s3:::scratch/file" }),
        decision: "ExplicitDeny" as const,
      },
      {
        name: "NotResource: approved buckets allowed",
        hierarchy: h,
        request: request("s3:GetObject", { resource: "arn:aws:s3:::approved-data/file" }),
        decision: "Allow" as const,
      },
    ]
  })(),
  // Conditions in Allow statements (since September 2025).
  ...(() => {
    const allowEurope = scp({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
        },
      ],
    })
    const h = tree([
      { id: "r-root" },
      { id: "ou-eu", policies: { AllowEurope: allowEurope } },
      { id: "111111111111" },
    ])
    return [
      {
        name: "conditional Allow: matching region",
        hierarchy: h,
        request: request("ec2:RunInstances"),
        decision: "Allow" as const,
      },
      {
        name: "conditional Allow: other region has no Allow at the OU",
        hierarchy: h,
        request: request("ec2:RunInstances", { region: "us-east-1" }),
        decision: "ImplicitDeny" as const,
      },
    ]
  })(),
  // Explicit deny wins even where an Allow is missing too.
  {
    name: "explicit deny is reported even when an Allow is also missing",
    hierarchy: tree([
      { id: "r-root" },
      { id: "ou-x", policies: { OnlyS3: allowOnly(["s3:*"]), DenyEc2: deny({ Action: "ec2:*" }) } },
      { id: "111111111111" },
    ]),
    request: request("ec2:RunInstances"),
    decision: "ExplicitDeny",
  },
  // Exemptions.
  {
    name: "the management account is not affected",
    hierarchy: standard({ All: deny({ Action: "*" }) }),
    request: request("s3:ListBuckets", { account: "999999999999" }),
    decision: "Allow",
  },
  {
    name: "service-linked roles are not affected",
    hierarchy: standard({ All: deny({ Action: "*" }) }),
    request: request("rds:CreateDBInstance", {
      principalArn: "arn:aws:iam::111111111111:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS",
    }),
    decision: "Allow",
  },
  // Wildcards anywhere in actions, case-insensitively.
  {
    name: "wildcard in the middle of an action",
    hierarchy: standard({ D: deny({ Action: "rds:*DBInstance*" }) }),
    request: request("rds:ModifyDBInstance"),
    decision: "ExplicitDeny",
  },
  {
    name: "action names are case-insensitive",
    hierarchy: standard({ D: deny({ Action: "RDS:createdbinstance" }) }),
    request: request("rds:CreateDBInstance"),
    decision: "ExplicitDeny",
  },
  {
    name: "question mark matches one character",
    hierarchy: standard({ D: deny({ Action: "s3:?etObject" }) }),
    request: request("s3:GetObject"),
    decision: "ExplicitDeny",
  },
]

describe("compileHierarchy: the worked examples", () => {
  for (const c of cases) {
    it(c.name, () => {
      const decision = decide(c.hierarchy, c.request)
      expect(decision.decision, decision.reason).toBe(c.decision)
      if (c.by) expect(decision.decidedBy.map((d) => `${d.level}/${d.policy}/${d.sid}`)).toEqual(c.by)
    })
  }
})

describe("compileHierarchy: explanations", () => {
  it("names the levels without an Allow", () => {
    const h = tree([
      { id: "r-root" },
      { id: "ou-apps", policies: { OnlyS3: allowOnly(["s3:*"]) } },
      { id: "111111111111", policies: { OnlyS3: allowOnly(["s3:*"]) } },
    ])
    const decision = decide(h, request("ec2:RunInstances"))
    expect(decision.missingAllowAt).toEqual(["ou-apps", "111111111111"])
    expect(decision.reason).toContain("ou-apps")
  })

  it("lists one Allow per level for an allowed request", () => {
    const decision = decide(standard({}), request("s3:GetObject"))
    expect(decision.decidedBy.map((d) => d.level)).toEqual(["r-root", "ou-prod", "111111111111"])
  })

  it("lists every applying Deny, at every level", () => {
    const h = tree([
      { id: "r-root", policies: { Full: fullAwsAccess, A: deny({ Action: "s3:*" }, "RootDeny") } },
      { id: "ou-x", policies: { Full: fullAwsAccess, B: deny({ Action: "s3:Get*" }, "OuDeny") } },
      { id: "111111111111" },
    ])
    expect(decide(h, request("s3:GetObject")).decidedBy.map((d) => d.sid)).toEqual(["RootDeny", "OuDeny"])
  })
})

describe("compileHierarchy: requests known only in part", () => {
  const h = standard({ Rds: rdsDeny })
  it("is Unknown when a deciding key was not recorded", () => {
    const decision = decide(
      h,
      request("rds:CreateDBInstance", { world: "open", context: { "rds:DatabaseEngine": "mysql" } }),
    )
    expect(decision.decision).toBe("Unknown")
    expect(decision.unknownKeys).toContain("rds:storageencrypted")
  })

  it("decides when the key is known to be absent", () => {
    const decision = decide(
      h,
      request("rds:CreateDBInstance", {
        world: "open",
        absentKeys: ["rds:StorageEncrypted"],
        context: { "rds:DatabaseEngine": "mysql" },
      }),
    )
    expect(decision.decision).toBe("ExplicitDeny")
  })

  it("decides when an unknown key cannot change the outcome", () => {
    expect(
      decide(
        h,
        request("rds:CreateDBInstance", {
          world: "open",
          context: { "rds:DatabaseEngine": "mysql", "rds:StorageEncrypted": "false" },
        }),
      ).decision,
    ).toBe("ExplicitDeny")
    expect(decide(h, request("s3:GetObject", { world: "open" })).decision).toBe("Allow")
  })
})
