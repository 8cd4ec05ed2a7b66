import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { putRole } from "../../scenario/apply-organization.ts"

const sandbox = useSandbox()

const assume = async (
  url: string,
  roleArn: string,
  extra: { ExternalId?: string; DurationSeconds?: number } = {},
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) => {
  const sts = new STSClient(clientConfig(url, credentials))
  const result = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "test-session", ...extra }),
  )
  return {
    accessKeyId: result.Credentials?.AccessKeyId as string,
    secretAccessKey: result.Credentials?.SecretAccessKey as string,
    sessionToken: result.Credentials?.SessionToken as string,
    expiration: result.Credentials?.Expiration,
  }
}

describe("STS through the SDK v3 client", () => {
  it("tells the truth in GetCallerIdentity", async () => {
    const sts = new STSClient(clientConfig((await sandbox).url))
    const me = await sts.send(new GetCallerIdentityCommand({}))
    expect(me).toMatchObject({
      Account: "999999999999",
      Arn: "arn:aws:sts::999999999999:assumed-role/Admin/test",
    })
  })

  it("assumes OrganizationAccountAccessRole into a member account with temporary ASIA credentials", async () => {
    const { url } = await sandbox
    const credentials = await assume(url, "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(credentials.expiration).toBeInstanceOf(Date)
    const me = await new STSClient(clientConfig(url, credentials)).send(new GetCallerIdentityCommand({}))
    expect(me).toMatchObject({
      Account: "222222222222",
      Arn: "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/test-session",
    })
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:test-session$/)
  })

  it("checks the trust policy: principal, external id and organization", async () => {
    const { url, parts } = await sandbox
    putRole(parts.store, "aws", "333333333333", "RampartAudit", {
      trust: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::999999999999:role/Admin" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "sts:ExternalId": "ext-123", "aws:PrincipalOrgID": "o-testorg0001" },
            },
          },
        ],
      },
      created: 0,
    })
    const arn = "arn:aws:iam::333333333333:role/RampartAudit"
    await expect(assume(url, arn, { ExternalId: "ext-123" })).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
    })
    await expect(assume(url, arn, { ExternalId: "wrong" })).rejects.toMatchObject({
      name: "AccessDenied",
      message: `User: arn:aws:sts::999999999999:assumed-role/Admin/test is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    })
    await expect(assume(url, arn)).rejects.toMatchObject({ name: "AccessDenied" })
    await expect(assume(url, "arn:aws:iam::333333333333:role/NoSuchRole")).rejects.toMatchObject({
      name: "AccessDenied",
    })
  })

  it("caps chained sessions at one hour", async () => {
    const { url } = await sandbox
    const first = await assume(url, "arn:aws:iam::999999999999:role/Admin")
    await expect(
      assume(
        url,
        "arn:aws:iam::222222222223:role/OrganizationAccountAccessRole",
        { DurationSeconds: 7200 },
        first,
      ),
    ).rejects.toMatchObject({ name: "ValidationError" })
    await expect(
      assume(
        url,
        "arn:aws:iam::222222222223:role/OrganizationAccountAccessRole",
        { DurationSeconds: 3600 },
        first,
      ),
    ).resolves.toBeDefined()
  })

  it("refuses expired credentials once the simulated clock passes their expiry", async () => {
    const { url, parts } = await sandbox
    const credentials = await assume(url, "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", {
      DurationSeconds: 900,
    })
    const sts = new STSClient(clientConfig(url, credentials))
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
    parts.clock.advance(901_000)
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" })
  })

  it("refuses unknown keys and wrong secrets", async () => {
    const { url } = await sandbox
    await expect(
      new STSClient(clientConfig(url, { accessKeyId: "nobody", secretAccessKey: "x" })).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" })
    await expect(
      new STSClient(clientConfig(url, { accessKeyId: "test", secretAccessKey: "wrong" })).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" })
  })
})
