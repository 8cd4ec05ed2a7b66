import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"

const sandbox = useSandbox()

describe("Organizations through the SDK v3 client", () => {
  it("describes the organization and its root", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    const org = await client.send(new DescribeOrganizationCommand({}))
    expect(org.Organization?.Id).toBe("o-testorg0001")
    expect(org.Organization?.MasterAccountId).toBe("999999999999")
    const roots = await client.send(new ListRootsCommand({}))
    expect(roots.Roots?.[0]?.PolicyTypes).toEqual([{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }])
  })

  it("pages accounts with MaxResults and NextToken", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    const first = await client.send(new ListAccountsCommand({ MaxResults: 2 }))
    expect(first.Accounts).toHaveLength(2)
    expect(first.NextToken).toBeDefined()
    const all = []
    for await (const page of paginateListAccounts({ client, pageSize: 2 }, {}))
      all.push(...(page.Accounts ?? []))
    expect(all.map((a) => a.Id).sort()).toEqual([
      "111111111111",
      "222222222222",
      "222222222223",
      "333333333333",
      "999999999999",
    ])
    expect(all[0]?.JoinedTimestamp).toBeInstanceOf(Date)
  })

  it("walks parents and children", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    const parents = await client.send(new ListParentsCommand({ ChildId: "222222222222" }))
    expect(parents.Parents?.[0]?.Type).toBe("ORGANIZATIONAL_UNIT")
    const children = await client.send(
      new ListChildrenCommand({ ParentId: parents.Parents?.[0]?.Id, ChildType: "ACCOUNT" }),
    )
    expect(children.Children?.map((c) => c.Id)).toEqual(["222222222222", "222222222223"])
  })

  it("answers AWS's errors with their exception classes", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    await expect(client.send(new ListParentsCommand({ ChildId: "444444444444" }))).rejects.toMatchObject({
      name: "ChildNotFoundException",
    })
    await expect(client.send(new ListAccountsCommand({ NextToken: "forged" }))).rejects.toMatchObject({
      name: "InvalidNextTokenException",
    })
    const member = new OrganizationsClient(
      clientConfig((await sandbox).url, { accessKeyId: "dev", secretAccessKey: "dev-secret" }),
    )
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
    })
  })

  it("enforces the policy quotas and the last-SCP rule with their Reasons", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    const root = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string
    const ou = await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Quota" }))
    const target = ou.OrganizationalUnit?.Id as string
    const content = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
    })
    for (let i = 0; i < 9; i++) {
      const policy = await client.send(
        new CreatePolicyCommand({
          Name: `Quota${i}`,
          Description: "",
          Type: "SERVICE_CONTROL_POLICY",
          Content: content,
        }),
      )
      await client.send(
        new AttachPolicyCommand({ PolicyId: policy.Policy?.PolicySummary?.Id, TargetId: target }),
      )
    }
    const extra = await client.send(
      new CreatePolicyCommand({
        Name: "QuotaExtra",
        Description: "",
        Type: "SERVICE_CONTROL_POLICY",
        Content: content,
      }),
    )
    await expect(
      client.send(new AttachPolicyCommand({ PolicyId: extra.Policy?.PolicySummary?.Id, TargetId: target })),
    ).rejects.toMatchObject({
      name: "ConstraintViolationException",
      Reason: "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    })
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Action: "s3:*",
          Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}`),
        },
      ],
    })
    await expect(
      client.send(
        new CreatePolicyCommand({
          Name: "Big",
          Description: "",
          Type: "SERVICE_CONTROL_POLICY",
          Content: big,
        }),
      ),
    ).rejects.toMatchObject({ Reason: "POLICY_CONTENT_LIMIT_EXCEEDED" })
    await expect(
      client.send(
        new CreatePolicyCommand({
          Name: "Bad",
          Description: "",
          Type: "SERVICE_CONTROL_POLICY",
          Content:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}',
        }),
      ),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" })
    const lone = await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Lone" }))
    const attached = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: lone.OrganizationalUnit?.Id,
        Filter: "SERVICE_CONTROL_POLICY",
      }),
    )
    expect(attached.Policies?.map((p) => p.Name)).toEqual(["FullAWSAccess"])
    await expect(
      client.send(
        new DetachPolicyCommand({ PolicyId: "p-FullAWSAccess", TargetId: lone.OrganizationalUnit?.Id }),
      ),
    ).rejects.toMatchObject({ Reason: "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" })
  })

  it("refuses OUs deeper than five levels", async () => {
    const client = new OrganizationsClient(clientConfig((await sandbox).url))
    let parent = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string
    for (let depth = 1; depth <= 5; depth++)
      parent = (
        await client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `Deep${depth}` }))
      ).OrganizationalUnit?.Id as string
    await expect(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: "Deep6" })),
    ).rejects.toMatchObject({ Reason: "OU_DEPTH_LIMIT_EXCEEDED" })
  })
})
