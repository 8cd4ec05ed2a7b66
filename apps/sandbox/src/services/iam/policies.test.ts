import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  paginateListPolicies,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam"
import {
  AttachPolicyCommand,
  CreatePolicyCommand as CreateScpCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { iamService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, iamService] })

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" },
  ],
})
const readBuckets = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
})
const dev = { accessKeyId: "dev", secretAccessKey: "dev-secret" }

const iam = async (credentials?: typeof dev) => new IAMClient(clientConfig((await sandbox).url, credentials))

const newRole = async (client: IAMClient, name: string) =>
  client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))

describe("IAM inline policies", () => {
  it("puts, reads (URL-encoded), lists and deletes inline policies", async () => {
    const client = await iam()
    await newRole(client, "Inline")
    await client.send(
      new PutRolePolicyCommand({ RoleName: "Inline", PolicyName: "b", PolicyDocument: readBuckets }),
    )
    await client.send(
      new PutRolePolicyCommand({ RoleName: "Inline", PolicyName: "a", PolicyDocument: readBuckets }),
    )
    const got = await client.send(new GetRolePolicyCommand({ RoleName: "Inline", PolicyName: "b" }))
    expect(got).toMatchObject({ RoleName: "Inline", PolicyName: "b" })
    expect(decodeURIComponent(got.PolicyDocument ?? "")).toBe(readBuckets)
    const listed = await client.send(new ListRolePoliciesCommand({ RoleName: "Inline", MaxItems: 1 }))
    expect(listed).toMatchObject({ PolicyNames: ["a"], IsTruncated: true })
    const rest = await client.send(new ListRolePoliciesCommand({ RoleName: "Inline", Marker: listed.Marker }))
    expect(rest).toMatchObject({ PolicyNames: ["b"], IsTruncated: false })
    await expect(client.send(new DeleteRoleCommand({ RoleName: "Inline" }))).rejects.toMatchObject({
      name: "DeleteConflictException",
      message: "Cannot delete entity, must delete policies first.",
      $metadata: { httpStatusCode: 409 },
    })
    await client.send(new DeleteRolePolicyCommand({ RoleName: "Inline", PolicyName: "a" }))
    await client.send(new DeleteRolePolicyCommand({ RoleName: "Inline", PolicyName: "b" }))
    await expect(
      client.send(new GetRolePolicyCommand({ RoleName: "Inline", PolicyName: "a" })),
    ).rejects.toMatchObject({
      name: "NoSuchEntityException",
      message: "The role policy with name a cannot be found.",
    })
    await client.send(new DeleteRoleCommand({ RoleName: "Inline" }))
  })

  it("refuses malformed identity policies and the role's inline size quota", async () => {
    const client = await iam()
    await newRole(client, "Strict")
    const withPrincipal = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
    })
    await expect(
      client.send(
        new PutRolePolicyCommand({ RoleName: "Strict", PolicyName: "p", PolicyDocument: withPrincipal }),
      ),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException", $metadata: { httpStatusCode: 400 } })
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${"x".repeat(6000)}/*` },
      ],
    })
    await client.send(
      new PutRolePolicyCommand({ RoleName: "Strict", PolicyName: "one", PolicyDocument: big }),
    )
    // Replacing a policy does not count its old text.
    await client.send(
      new PutRolePolicyCommand({ RoleName: "Strict", PolicyName: "one", PolicyDocument: big }),
    )
    await expect(
      client.send(new PutRolePolicyCommand({ RoleName: "Strict", PolicyName: "two", PolicyDocument: big })),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "Cannot exceed quota for RolePolicySize: 10240",
    })
  })

  it("takes effect on the authorizer at once: an inline deny refuses the caller's next call", async () => {
    const client = await iam(dev)
    await expect(client.send(new ListRolesCommand({}))).resolves.toBeDefined()
    await client.send(
      new PutRolePolicyCommand({
        RoleName: "Developer",
        PolicyName: "NoListing",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Deny", Action: "iam:ListRoles", Resource: "*" }],
        }),
      }),
    )
    await expect(client.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining("with an explicit deny in an identity-based policy"),
      $metadata: { httpStatusCode: 403 },
    })
    await client.send(new DeleteRolePolicyCommand({ RoleName: "Developer", PolicyName: "NoListing" }))
    await expect(client.send(new ListRolesCommand({}))).resolves.toBeDefined()
  })
})

describe("IAM managed policies", () => {
  it("attaches AWS managed and customer managed policies and counts attachments", async () => {
    const client = await iam()
    await newRole(client, "Attached")
    const created = await client.send(
      new CreatePolicyCommand({
        PolicyName: "ReadBuckets",
        Path: "/rampart/",
        PolicyDocument: readBuckets,
        Description: "s3",
      }),
    )
    const arn = created.Policy?.Arn as string
    expect(created.Policy).toMatchObject({
      PolicyName: "ReadBuckets",
      Arn: "arn:aws:iam::999999999999:policy/rampart/ReadBuckets",
      DefaultVersionId: "v1",
      AttachmentCount: 0,
      IsAttachable: true,
    })
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/)
    await client.send(new AttachRolePolicyCommand({ RoleName: "Attached", PolicyArn: arn }))
    await client.send(
      new AttachRolePolicyCommand({
        RoleName: "Attached",
        PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      }),
    )
    // Attaching twice changes nothing.
    await client.send(new AttachRolePolicyCommand({ RoleName: "Attached", PolicyArn: arn }))
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: "Attached" }))
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: "ReadBuckets", PolicyArn: arn },
      { PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    ])
    const filtered = await client.send(
      new ListAttachedRolePoliciesCommand({ RoleName: "Attached", PathPrefix: "/rampart/" }),
    )
    expect(filtered.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(["ReadBuckets"])
    const policy = await client.send(new GetPolicyCommand({ PolicyArn: arn }))
    expect(policy.Policy).toMatchObject({ AttachmentCount: 1, Description: "s3" })
    const version = await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }))
    expect(version.PolicyVersion).toMatchObject({ VersionId: "v1", IsDefaultVersion: true })
    expect(decodeURIComponent(version.PolicyVersion?.Document ?? "")).toBe(readBuckets)
    const versions = await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual(["v1"])
    await expect(
      client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v2" })),
    ).rejects.toMatchObject({
      name: "NoSuchEntityException",
    })
    const admin = await client.send(
      new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
    )
    expect(admin.Policy).toMatchObject({ PolicyName: "AdministratorAccess", Path: "/", AttachmentCount: 1 })

    await expect(client.send(new DeleteRoleCommand({ RoleName: "Attached" }))).rejects.toMatchObject({
      name: "DeleteConflictException",
      message: "Cannot delete entity, must detach all policies first.",
    })
    await expect(client.send(new DeletePolicyCommand({ PolicyArn: arn }))).rejects.toMatchObject({
      name: "DeleteConflictException",
    })
    await client.send(new DetachRolePolicyCommand({ RoleName: "Attached", PolicyArn: arn }))
    await expect(
      client.send(new DetachRolePolicyCommand({ RoleName: "Attached", PolicyArn: arn })),
    ).rejects.toMatchObject({
      name: "NoSuchEntityException",
    })
    await client.send(new DeletePolicyCommand({ PolicyArn: arn }))
    await expect(client.send(new GetPolicyCommand({ PolicyArn: arn }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
      $metadata: { httpStatusCode: 404 },
    })
  })

  it("refuses unknown, malformed and excess attachments", async () => {
    const client = await iam()
    await newRole(client, "Crowded")
    await expect(
      client.send(
        new AttachRolePolicyCommand({
          RoleName: "Crowded",
          PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy",
        }),
      ),
    ).rejects.toMatchObject({
      name: "NoSuchEntityException",
      message: "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    })
    await expect(
      client.send(
        new AttachRolePolicyCommand({ RoleName: "Crowded", PolicyArn: "not-an-arn-at-all-really" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidInputException" })
    for (let i = 0; i < 10; i++) {
      const p = await client.send(
        new CreatePolicyCommand({ PolicyName: `Crowd${i}`, PolicyDocument: readBuckets }),
      )
      await client.send(new AttachRolePolicyCommand({ RoleName: "Crowded", PolicyArn: p.Policy?.Arn }))
    }
    await expect(
      client.send(
        new AttachRolePolicyCommand({
          RoleName: "Crowded",
          PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        }),
      ),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "Cannot exceed quota for PoliciesPerRole: 10",
      $metadata: { httpStatusCode: 409 },
    })
    await expect(
      client.send(new CreatePolicyCommand({ PolicyName: "crowd0", PolicyDocument: readBuckets })),
    ).rejects.toMatchObject({ name: "EntityAlreadyExistsException" })
  })

  it("lists policies by scope and attachment, paging with Marker", async () => {
    const client = await iam()
    const aws = await client.send(new ListPoliciesCommand({ Scope: "AWS" }))
    expect(aws.Policies?.map((p) => p.PolicyName)).toEqual([
      "AdministratorAccess",
      "PowerUserAccess",
      "ReadOnlyAccess",
    ])
    const local: string[] = []
    for await (const page of paginateListPolicies({ client, pageSize: 3 }, { Scope: "Local" }))
      local.push(...(page.Policies ?? []).map((p) => p.PolicyName as string))
    expect(local).toEqual(local.slice().sort())
    expect(local).toContain("Crowd9")
    const attached = await client.send(new ListPoliciesCommand({ Scope: "AWS", OnlyAttached: true }))
    expect(attached.Policies?.map((p) => p.PolicyName)).toContain("AdministratorAccess")
    expect(attached.Policies?.every((p) => (p.AttachmentCount ?? 0) > 0)).toBe(true)
    await expect(
      client.send(new ListPoliciesCommand({ Scope: "Everything" as "All" })),
    ).rejects.toMatchObject({
      name: "ValidationError",
    })
  })
})

describe("IAM under service control policies", () => {
  it("an SCP protecting a role by ARN refuses member accounts' changes to it", async () => {
    const { url } = await sandbox
    const member = await iam(dev)
    await newRole(member, "RampartAudit")
    const organizations = new OrganizationsClient(clientConfig(url))
    const scp = await organizations.send(
      new CreateScpCommand({
        Name: "ProtectRampartRoles",
        Description: "",
        Type: "SERVICE_CONTROL_POLICY",
        Content: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Deny", Action: "iam:*Role*", Resource: "arn:aws:iam::*:role/RampartAudit" }],
        }),
      }),
    )
    await organizations.send(
      new AttachPolicyCommand({ PolicyId: scp.Policy?.PolicySummary?.Id, TargetId: "222222222222" }),
    )
    await expect(
      member.send(new UpdateAssumeRolePolicyCommand({ RoleName: "RampartAudit", PolicyDocument: trust })),
    ).rejects.toMatchObject({
      name: "AccessDenied",
      message:
        "User: arn:aws:sts::222222222222:assumed-role/Developer/dev is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: arn:aws:iam::222222222222:role/RampartAudit with an explicit deny in a service control policy",
    })
    await expect(member.send(new DeleteRoleCommand({ RoleName: "RampartAudit" }))).rejects.toMatchObject({
      name: "AccessDenied",
    })
    // Other roles of the account stay changeable.
    await newRole(member, "Other")
    await expect(member.send(new DeleteRoleCommand({ RoleName: "Other" }))).resolves.toBeDefined()
  })
})
