import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations"
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { clientConfig } from "./fixtures.test-support.ts"
import { killed, startSandboxProcess } from "./process.test-support.ts"

describe("a sandbox killed with SIGKILL", () => {
  it("restarts from --state-dir with everything it had answered", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-restart-"))
    const first = await startSandboxProcess(["--state-dir", stateDir, "--quiet", "--no-activity"])
    const orgs = new OrganizationsClient(clientConfig(first.url))
    const root = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string
    const ou = await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Survivor" }))
    const policy = await orgs.send(
      new CreatePolicyCommand({
        Name: "KeepMe",
        Description: "",
        Type: "SERVICE_CONTROL_POLICY",
        Content: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
        }),
      }),
    )
    await orgs.send(
      new AttachPolicyCommand({
        PolicyId: policy.Policy?.PolicySummary?.Id,
        TargetId: ou.OrganizationalUnit?.Id,
      }),
    )
    const session = await new STSClient(clientConfig(first.url)).send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::222222222201:role/OrganizationAccountAccessRole",
        RoleSessionName: "before-crash",
      }),
    )
    expect(await killed(first.child, "SIGKILL")).toBeNull()

    const second = await startSandboxProcess(["--state-dir", stateDir, "--quiet", "--no-activity"])
    try {
      expect(second.output()).toContain("(resumed)")
      const again = new OrganizationsClient(clientConfig(second.url))
      const ous = await again.send(new ListOrganizationalUnitsForParentCommand({ ParentId: root }))
      expect(ous.OrganizationalUnits?.map((o) => o.Name)).toContain("Survivor")
      const attached = await again.send(
        new ListPoliciesForTargetCommand({
          TargetId: ou.OrganizationalUnit?.Id,
          Filter: "SERVICE_CONTROL_POLICY",
        }),
      )
      expect(attached.Policies?.map((p) => p.Name)).toEqual(["FullAWSAccess", "KeepMe"])
      // Temporary credentials issued before the crash still work after it.
      const credentials = {
        accessKeyId: session.Credentials?.AccessKeyId as string,
        secretAccessKey: session.Credentials?.SecretAccessKey as string,
        sessionToken: session.Credentials?.SessionToken as string,
      }
      const me = await new STSClient(clientConfig(second.url, credentials)).send(
        new GetCallerIdentityCommand({}),
      )
      expect(me.Arn).toBe("arn:aws:sts::222222222201:assumed-role/OrganizationAccountAccessRole/before-crash")
    } finally {
      await killed(second.child, "SIGTERM")
    }
  }, 30_000)
})
