import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListRolesCommand,
  ListRoleTagsCommand,
  paginateListRoles,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from "@aws-sdk/client-iam"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { iamService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, iamService] })

const trust = (principal: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
  })

const iam = async () => new IAMClient(clientConfig((await sandbox).url))

describe("IAM roles through the SDK v3 client", () => {
  it("creates a role with AWS's shape, URL-encoded trust policy and AROA id", async () => {
    const client = await iam()
    const document = trust("arn:aws:iam::999999999999:root")
    const created = await client.send(
      new CreateRoleCommand({
        RoleName: "Auditor",
        Path: "/rampart/",
        AssumeRolePolicyDocument: document,
        Description: "reads everything",
        MaxSessionDuration: 7200,
        Tags: [{ Key: "owner", Value: "platform" }],
      }),
    )
    expect(created.Role).toMatchObject({
      RoleName: "Auditor",
      Path: "/rampart/",
      Arn: "arn:aws:iam::999999999999:role/rampart/Auditor",
      Description: "reads everything",
      MaxSessionDuration: 7200,
      Tags: [{ Key: "owner", Value: "platform" }],
    })
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/)
    expect(created.Role?.CreateDate).toBeInstanceOf(Date)
    expect(created.Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/)
    expect(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? "")).toBe(document)

    // Role names are not distinguished by case.
    const got = await client.send(new GetRoleCommand({ RoleName: "auditor" }))
    expect(got.Role?.RoleId).toBe(created.Role?.RoleId)
    await expect(
      client.send(new CreateRoleCommand({ RoleName: "AUDITOR", AssumeRolePolicyDocument: document })),
    ).rejects.toMatchObject({
      name: "EntityAlreadyExistsException",
      message: "Role with name AUDITOR already exists.",
      $metadata: { httpStatusCode: 409 },
    })
  })

  it("validates names, durations and trust policies with IAM's codes", async () => {
    const client = await iam()
    const document = trust("arn:aws:iam::999999999999:root")
    await expect(
      client.send(new CreateRoleCommand({ RoleName: "bad name", AssumeRolePolicyDocument: document })),
    ).rejects.toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } })
    await expect(
      client.send(
        new CreateRoleCommand({
          RoleName: "Short",
          AssumeRolePolicyDocument: document,
          MaxSessionDuration: 60,
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("maxSessionDuration"),
    })
    await expect(
      client.send(new CreateRoleCommand({ RoleName: "NoJson", AssumeRolePolicyDocument: "{" })),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException", message: "Syntax errors in policy." })
    await expect(
      client.send(
        new CreateRoleCommand({
          RoleName: "NoPrincipal",
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }],
          }),
        }),
      ),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException", $metadata: { httpStatusCode: 400 } })
    await expect(client.send(new GetRoleCommand({ RoleName: "Nobody" }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
      message: "The role with name Nobody cannot be found.",
      $metadata: { httpStatusCode: 404 },
    })
    await expect(client.send(new GetRoleCommand({ RoleName: undefined }))).rejects.toMatchObject({
      name: "ValidationError",
    })
  })

  it("updates the description, session duration and trust policy, which AssumeRole then obeys", async () => {
    const { url } = await sandbox
    const client = await iam()
    await client.send(
      new CreateRoleCommand({
        RoleName: "Switcher",
        AssumeRolePolicyDocument: trust("arn:aws:iam::111111111111:root"),
      }),
    )
    await client.send(
      new UpdateRoleCommand({ RoleName: "Switcher", Description: "d1", MaxSessionDuration: 43200 }),
    )
    const described = await client.send(
      new UpdateRoleDescriptionCommand({ RoleName: "Switcher", Description: "d2" }),
    )
    expect(described.Role).toMatchObject({ Description: "d2", MaxSessionDuration: 43200 })
    const sts = new STSClient(clientConfig(url))
    const assume = () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: "arn:aws:iam::999999999999:role/Switcher",
          RoleSessionName: "switch",
        }),
      )
    await expect(assume()).rejects.toMatchObject({ name: "AccessDenied" })
    await client.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "Switcher",
        PolicyDocument: trust("arn:aws:iam::999999999999:role/Admin"),
      }),
    )
    await expect(assume()).resolves.toMatchObject({ Credentials: expect.anything() })
    await expect(
      client.send(new UpdateAssumeRolePolicyCommand({ RoleName: "Switcher", PolicyDocument: "[]" })),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" })
  })

  it("pages ListRoles with MaxItems, Marker and IsTruncated, filtered by path", async () => {
    const client = await iam()
    for (let i = 0; i < 5; i++)
      await client.send(
        new CreateRoleCommand({
          RoleName: `Paged${i}`,
          Path: "/paged/",
          AssumeRolePolicyDocument: trust("arn:aws:iam::999999999999:root"),
        }),
      )
    const first = await client.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2 }))
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(["Paged0", "Paged1"])
    expect(first.IsTruncated).toBe(true)
    expect(first.Marker).toBeDefined()
    expect(first.Roles?.[0]?.Tags).toBeUndefined()
    const names: string[] = []
    for await (const page of paginateListRoles({ client, pageSize: 2 }, { PathPrefix: "/paged/" }))
      names.push(...(page.Roles ?? []).map((r) => r.RoleName as string))
    expect(names).toEqual(["Paged0", "Paged1", "Paged2", "Paged3", "Paged4"])
    const all = await client.send(new ListRolesCommand({}))
    expect(all.IsTruncated).toBe(false)
    expect(all.Roles?.map((r) => r.RoleName)).toContain("Admin")
    await expect(client.send(new ListRolesCommand({ Marker: "forged" }))).rejects.toMatchObject({
      name: "ValidationError",
    })
    await expect(client.send(new ListRolesCommand({ MaxItems: 1001 }))).rejects.toMatchObject({
      name: "ValidationError",
    })
  })

  it("tags and untags roles case-insensitively, within the 50-tag limit", async () => {
    const client = await iam()
    await client.send(
      new CreateRoleCommand({
        RoleName: "Tagged",
        AssumeRolePolicyDocument: trust("arn:aws:iam::999999999999:root"),
      }),
    )
    await client.send(
      new TagRoleCommand({
        RoleName: "Tagged",
        Tags: [
          { Key: "env", Value: "dev" },
          { Key: "team", Value: "a" },
        ],
      }),
    )
    await client.send(new TagRoleCommand({ RoleName: "Tagged", Tags: [{ Key: "ENV", Value: "prod" }] }))
    const tags = await client.send(new ListRoleTagsCommand({ RoleName: "Tagged" }))
    expect(tags.Tags).toEqual([
      { Key: "team", Value: "a" },
      { Key: "ENV", Value: "prod" },
    ])
    expect(tags.IsTruncated).toBe(false)
    await client.send(new UntagRoleCommand({ RoleName: "Tagged", TagKeys: ["env", "missing"] }))
    expect((await client.send(new ListRoleTagsCommand({ RoleName: "Tagged" }))).Tags).toEqual([
      { Key: "team", Value: "a" },
    ])
    await expect(
      client.send(
        new TagRoleCommand({
          RoleName: "Tagged",
          Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
        }),
      ),
    ).rejects.toMatchObject({ name: "LimitExceededException", $metadata: { httpStatusCode: 409 } })
    await expect(
      client.send(
        new TagRoleCommand({
          RoleName: "Tagged",
          Tags: [
            { Key: "x", Value: "1" },
            { Key: "X", Value: "2" },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidInputException" })
    await expect(
      client.send(new TagRoleCommand({ RoleName: "Tagged", Tags: [{ Key: "aws:x", Value: "1" }] })),
    ).rejects.toMatchObject({ name: "InvalidInputException" })
  })

  it("deletes roles and refuses unknown ones", async () => {
    const client = await iam()
    await client.send(
      new CreateRoleCommand({
        RoleName: "Doomed",
        AssumeRolePolicyDocument: trust("arn:aws:iam::999999999999:root"),
      }),
    )
    await client.send(new DeleteRoleCommand({ RoleName: "Doomed" }))
    await expect(client.send(new GetRoleCommand({ RoleName: "Doomed" }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
    })
    await expect(client.send(new DeleteRoleCommand({ RoleName: "Doomed" }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
    })
  })

  it("creates service-linked roles that only their own calls may delete", async () => {
    const client = await iam()
    const created = await client.send(
      new CreateServiceLinkedRoleCommand({ AWSServiceName: "rds.amazonaws.com" }),
    )
    expect(created.Role).toMatchObject({
      RoleName: "AWSServiceRoleForRDS",
      Path: "/aws-service-role/rds.amazonaws.com/",
      Arn: "arn:aws:iam::999999999999:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS",
    })
    await expect(
      client.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "rds.amazonaws.com" })),
    ).rejects.toMatchObject({
      name: "InvalidInputException",
      message:
        "Service role name AWSServiceRoleForRDS has been taken in this account, please try a different suffix.",
    })
    await expect(
      client.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: "nothing.amazonaws.com" })),
    ).rejects.toMatchObject({ name: "InvalidInputException" })
    await expect(
      client.send(new DeleteRoleCommand({ RoleName: "AWSServiceRoleForRDS" })),
    ).rejects.toMatchObject({
      name: "UnmodifiableEntityException",
    })
    const deletion = await client.send(
      new DeleteServiceLinkedRoleCommand({ RoleName: "AWSServiceRoleForRDS" }),
    )
    expect(deletion.DeletionTaskId).toMatch(
      /^task\/aws-service-role\/rds\.amazonaws\.com\/AWSServiceRoleForRDS\/[0-9a-f-]{36}$/,
    )
    const status = await client.send(
      new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: deletion.DeletionTaskId }),
    )
    expect(status.Status).toBe("SUCCEEDED")
  })
})
