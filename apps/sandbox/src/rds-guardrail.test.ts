import { readFileSync } from "node:fs"
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail"
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations"
import { CreateDBInstanceCommand, RDSClient } from "@aws-sdk/client-rds"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "./fixtures.test-support.ts"

const sandbox = useSandbox()

/** The catalog's deny-unencrypted-rds SCP, with the pipeline role exempt, as Rampart would render it. */
const guardrail = readFileSync(
  new URL("../../../policies/scp/deny-unencrypted-rds.json", import.meta.url),
  "utf8",
).replaceAll('"{{exemptPrincipalArns}}"', JSON.stringify(["arn:aws:iam::*:role/RampartPipeline"]))

describe("the RDS guardrail, end to end", () => {
  it("denies an unencrypted CreateDBInstance in a member account once the SCP is on its OU, records it, and lets an encrypted one through", async () => {
    const { url } = await sandbox
    const orgs = new OrganizationsClient(clientConfig(url))
    const root = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string
    const workloads = (
      await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: root }))
    ).OrganizationalUnits?.find((o) => o.Name === "Workloads")
    const dev = (
      await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: workloads?.Id }))
    ).OrganizationalUnits?.find((o) => o.Name === "Dev")
    const policy = await orgs.send(
      new CreatePolicyCommand({
        Name: "deny-unencrypted-rds",
        Description: "Rampart",
        Type: "SERVICE_CONTROL_POLICY",
        Content: JSON.stringify(JSON.parse(guardrail)),
      }),
    )
    await orgs.send(
      new AttachPolicyCommand({ PolicyId: policy.Policy?.PolicySummary?.Id, TargetId: dev?.Id }),
    )

    const session = await new STSClient(clientConfig(url)).send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
        RoleSessionName: "app-team",
      }),
    )
    const credentials = {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    }
    const rds = new RDSClient(clientConfig(url, credentials, "eu-west-1"))
    const create = (id: string, encrypted: boolean | undefined) =>
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: id,
          Engine: "postgres",
          DBInstanceClass: "db.t4g.micro",
          AllocatedStorage: 20,
          MasterUsername: "app",
          MasterUserPassword: "not-logged-secret",
          ...(encrypted === undefined ? {} : { StorageEncrypted: encrypted }),
        }),
      )

    await expect(create("orders-plain", false)).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining(
        "is not authorized to perform: rds:CreateDBInstance on resource: arn:aws:rds:eu-west-1:222222222222:db:orders-plain with an explicit deny in a service control policy",
      ),
    })
    await expect(create("orders-omitted", undefined)).rejects.toMatchObject({ name: "AccessDenied" })
    const encrypted = await create("orders", true)
    expect(encrypted.DBInstance?.StorageEncrypted).toBe(true)

    const trail = new CloudTrailClient(clientConfig(url, credentials, "eu-west-1"))
    const events = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateDBInstance" }],
      }),
    )
    const records = (events.Events ?? []).map(
      (e) =>
        JSON.parse(e.CloudTrailEvent ?? "{}") as {
          errorCode?: string
          requestParameters?: Record<string, unknown>
          userIdentity?: { arn?: string }
        },
    )
    expect(records.map((r) => r.errorCode ?? "allowed").sort()).toEqual([
      "AccessDenied",
      "AccessDenied",
      "allowed",
    ])
    expect(records[0]?.userIdentity?.arn).toBe(
      "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/app-team",
    )
    expect(JSON.stringify(records)).not.toContain("not-logged-secret")

    // The other Dev account is under the same OU; a Prod account is not, and is not affected.
    const prodSession = await new STSClient(clientConfig(url)).send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
        RoleSessionName: "prod",
      }),
    )
    const prod = new RDSClient(
      clientConfig(
        url,
        {
          accessKeyId: prodSession.Credentials?.AccessKeyId as string,
          secretAccessKey: prodSession.Credentials?.SecretAccessKey as string,
          sessionToken: prodSession.Credentials?.SessionToken as string,
        },
        "eu-west-1",
      ),
    )
    const unguarded = await prod.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "legacy",
        Engine: "mysql",
        DBInstanceClass: "db.t4g.micro",
        AllocatedStorage: 20,
        MasterUsername: "app",
        MasterUserPassword: "x-secret-value",
        StorageEncrypted: false,
      }),
    )
    expect(unguarded.DBInstance?.StorageEncrypted).toBe(false)
  })
})
