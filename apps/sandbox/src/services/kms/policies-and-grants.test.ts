import {
  CreateGrantCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
  paginateListGrants,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms"
import { AttachPolicyCommand, CreatePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, kmsService] })

const dev = { accessKeyId: "dev", secretAccessKey: "dev-secret" }
const kms = async (credentials?: typeof dev) => new KMSClient(clientConfig((await sandbox).url, credentials))
const newKey = async (client: KMSClient) => (await client.send(new CreateKeyCommand({}))).KeyMetadata

const rootPolicy = (account: string, extra: ReadonlyArray<Record<string, unknown>> = []) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      ...extra,
    ],
  })

describe("KMS key policies", () => {
  it("gives new keys the default policy, named default", async () => {
    const client = await kms()
    const key = await newKey(client)
    const policy = await client.send(new GetKeyPolicyCommand({ KeyId: key?.KeyId, PolicyName: "default" }))
    expect(policy.PolicyName).toBe("default")
    expect(JSON.parse(policy.Policy ?? "{}")).toMatchObject({
      Statement: [
        {
          Sid: "Enable IAM User Permissions",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::999999999999:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    })
    expect((await client.send(new ListKeyPoliciesCommand({ KeyId: key?.KeyId }))).PolicyNames).toEqual([
      "default",
    ])
    await expect(
      client.send(new GetKeyPolicyCommand({ KeyId: key?.KeyId, PolicyName: "other" })),
    ).rejects.toMatchObject({ name: "NotFoundException" })
  })

  it("checks new policies: grammar, and the lockout safety check unless bypassed", async () => {
    const client = await kms()
    const key = await newKey(client)
    await expect(
      client.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, PolicyName: "default", Policy: "{nope" })),
    ).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" })
    const lockout = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    })
    await expect(
      client.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, PolicyName: "default", Policy: lockout })),
    ).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: "The new key policy will not allow you to update the key policy in the future.",
    })
    await client.send(
      new PutKeyPolicyCommand({
        KeyId: key?.KeyId,
        PolicyName: "default",
        Policy: lockout,
        BypassPolicyLockoutSafetyCheck: true,
      }),
    )
    // Locked out indeed: the key policy no longer lets the account read the key.
    await expect(client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    })
  })

  it("enforces a Deny in the key policy on the key's own account", async () => {
    const client = await kms()
    const key = (
      await client.send(
        new CreateKeyCommand({
          Policy: rootPolicy("999999999999", [
            {
              Sid: "NoDeletion",
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: "kms:ScheduleKeyDeletion",
              Resource: "*",
            },
          ]),
        }),
      )
    ).KeyMetadata
    await expect(client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("with an explicit deny in a resource-based policy"),
    })
  })

  it("lets another account use a key by ARN only when the key policy names it", async () => {
    const owner = await kms()
    const member = await kms(dev)
    const closed = await newKey(owner)
    await expect(member.send(new DescribeKeyCommand({ KeyId: closed?.Arn }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    })
    const shared = (
      await owner.send(
        new CreateKeyCommand({
          Policy: rootPolicy("999999999999", [
            {
              Sid: "DevAccount",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::222222222222:root" },
              Action: ["kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"],
              Resource: "*",
            },
          ]),
        }),
      )
    ).KeyMetadata
    expect((await member.send(new DescribeKeyCommand({ KeyId: shared?.Arn }))).KeyMetadata?.KeyId).toBe(
      shared?.KeyId,
    )
    // By id, the member account looks in its own account and finds nothing.
    await expect(member.send(new DescribeKeyCommand({ KeyId: shared?.KeyId }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
    // Management operations do not cross accounts.
    await expect(member.send(new ScheduleKeyDeletionCommand({ KeyId: shared?.Arn }))).rejects.toMatchObject({
      name: "NotFoundException",
    })
    const grant = await member.send(
      new CreateGrantCommand({
        KeyId: shared?.Arn,
        GranteePrincipal: "arn:aws:iam::222222222222:role/Developer",
        Operations: ["Decrypt"],
      }),
    )
    expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/)
    const grants = await owner.send(new ListGrantsCommand({ KeyId: shared?.KeyId }))
    expect(grants.Grants?.[0]).toMatchObject({ IssuingAccount: "arn:aws:iam::222222222222:root" })
  })

  it("is subject to SCPs on the caller's account", async () => {
    const { url } = await sandbox
    const organizations = new OrganizationsClient(clientConfig(url))
    const scp = await organizations.send(
      new CreatePolicyCommand({
        Name: "KeepKeys",
        Description: "",
        Type: "SERVICE_CONTROL_POLICY",
        Content: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Deny",
              Action: "kms:ScheduleKeyDeletion",
              Resource: "*",
              Condition: { NumericLessThan: { "kms:ScheduleKeyDeletionPendingWindowInDays": "30" } },
            },
          ],
        }),
      }),
    )
    await organizations.send(
      new AttachPolicyCommand({ PolicyId: scp.Policy?.PolicySummary?.Id, TargetId: "222222222222" }),
    )
    const member = await kms(dev)
    const key = await newKey(member)
    await expect(
      member.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 7 })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("with an explicit deny in a service control policy"),
    })
    await expect(
      member.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 30 })),
    ).resolves.toMatchObject({ KeyState: "PendingDeletion" })
  })
})

describe("KMS grants", () => {
  it("creates, lists in pages, retires and revokes grants", async () => {
    const client = await kms()
    const key = await newKey(client)
    const grantee = "arn:aws:iam::999999999999:role/Admin"
    const made = []
    for (let i = 0; i < 3; i++)
      made.push(
        await client.send(
          new CreateGrantCommand({
            KeyId: key?.KeyId,
            GranteePrincipal: grantee,
            RetiringPrincipal: grantee,
            Operations: ["Encrypt", "Decrypt"],
            Name: `grant-${i}`,
            Constraints: { EncryptionContextSubset: { app: "x" } },
          }),
        ),
      )
    // The same name and terms give the same grant back.
    const retried = await client.send(
      new CreateGrantCommand({
        KeyId: key?.KeyId,
        GranteePrincipal: grantee,
        RetiringPrincipal: grantee,
        Operations: ["Encrypt", "Decrypt"],
        Name: "grant-0",
        Constraints: { EncryptionContextSubset: { app: "x" } },
      }),
    )
    expect(retried.GrantId).toBe(made[0]?.GrantId)
    const first = await client.send(new ListGrantsCommand({ KeyId: key?.KeyId, Limit: 2 }))
    expect(first).toMatchObject({ Truncated: true })
    expect(first.Grants?.[0]).toMatchObject({
      KeyId: key?.Arn,
      GrantId: made[0]?.GrantId,
      Name: "grant-0",
      GranteePrincipal: grantee,
      Operations: ["Encrypt", "Decrypt"],
      Constraints: { EncryptionContextSubset: { app: "x" } },
    })
    const all = []
    for await (const page of paginateListGrants({ client, pageSize: 2 }, { KeyId: key?.KeyId }))
      all.push(...(page.Grants ?? []))
    expect(all).toHaveLength(3)
    await client.send(new RetireGrantCommand({ GrantToken: made[0]?.GrantToken }))
    await client.send(new RetireGrantCommand({ KeyId: key?.Arn, GrantId: made[1]?.GrantId }))
    await client.send(new RevokeGrantCommand({ KeyId: key?.KeyId, GrantId: made[2]?.GrantId }))
    expect((await client.send(new ListGrantsCommand({ KeyId: key?.KeyId }))).Grants).toEqual([])
    await expect(
      client.send(new RevokeGrantCommand({ KeyId: key?.KeyId, GrantId: made[2]?.GrantId })),
    ).rejects.toMatchObject({ name: "NotFoundException" })
    await expect(
      client.send(new RevokeGrantCommand({ KeyId: key?.KeyId, GrantId: "bad" })),
    ).rejects.toMatchObject({
      name: "InvalidGrantIdException",
    })
    await expect(client.send(new RetireGrantCommand({ GrantToken: "forged" }))).rejects.toMatchObject({
      name: "InvalidGrantTokenException",
    })
  })

  it("validates grants and honours DryRun", async () => {
    const client = await kms()
    const key = await newKey(client)
    await expect(
      client.send(
        new CreateGrantCommand({
          KeyId: key?.KeyId,
          GranteePrincipal: "x",
          Operations: ["Fly" as "Encrypt"],
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(
      client.send(new CreateGrantCommand({ KeyId: key?.KeyId, Operations: ["Encrypt"] })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(
      client.send(
        new CreateGrantCommand({
          KeyId: key?.KeyId,
          GranteePrincipal: "x",
          Operations: ["Encrypt"],
          DryRun: true,
        }),
      ),
    ).rejects.toMatchObject({ name: "DryRunOperationException", $metadata: { httpStatusCode: 412 } })
    expect((await client.send(new ListGrantsCommand({ KeyId: key?.KeyId }))).Grants).toEqual([])
    await client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId }))
    await expect(
      client.send(
        new CreateGrantCommand({ KeyId: key?.KeyId, GranteePrincipal: "x", Operations: ["Encrypt"] }),
      ),
    ).rejects.toMatchObject({ name: "KMSInvalidStateException" })
  })
})
