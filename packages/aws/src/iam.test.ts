import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Iam, iamLive } from "./iam.ts"
import { memberSession, sandboxSettings, useSandboxProcess } from "./sandbox.test-support.ts"
import { stsLive } from "./sts.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const trust = (externalId: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:role/RampartHub" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": externalId } },
    },
  ],
})

const readOnly = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["config:Describe*", "config:Get*"], Resource: "*" }],
}

describe("IAM roles through the live layer, against the sandbox", () => {
  it("creates a role with its trust and inline policy, reads them back as JSON, and removes them repeatably", async () => {
    const { url } = await sandbox
    const layer = Layer.mergeAll(iamLive, stsLive).pipe(Layer.provide(sandboxSettings(url)))
    const seen = await Effect.runPromise(
      Effect.gen(function* () {
        const credentials = yield* memberSession("222222222206")
        const roles = (yield* Iam).roles({ region: "eu-west-1", credentials })
        const missing = yield* roles.getRole("RampartAuditTest")
        const arn = yield* roles.createRole({
          name: "RampartAuditTest",
          trustPolicy: trust("first"),
          description: "read-only audit role",
          maxSessionDurationSeconds: 3600,
          tags: { "rampart:managed": "true" },
        })
        yield* roles.putRolePolicy("RampartAuditTest", "read-config", readOnly)
        const created = yield* roles.getRole("RampartAuditTest")
        const policies = yield* roles.listRolePolicies("RampartAuditTest")
        const document = yield* roles.getRolePolicy("RampartAuditTest", "read-config")
        yield* roles.updateTrustPolicy("RampartAuditTest", trust("second"))
        const updated = yield* roles.getRole("RampartAuditTest")
        const removed = [
          yield* roles.deleteRolePolicy("RampartAuditTest", "read-config"),
          yield* roles.deleteRolePolicy("RampartAuditTest", "read-config"),
          yield* roles.deleteRole("RampartAuditTest"),
          yield* roles.deleteRole("RampartAuditTest"),
        ]
        return {
          arn,
          missing,
          created,
          policies,
          document,
          updated,
          removed,
          gone: yield* roles.getRole("RampartAuditTest"),
        }
      }).pipe(Effect.provide(layer)),
    )
    expect(seen.arn).toBe("arn:aws:iam::222222222206:role/RampartAuditTest")
    expect(seen.missing).toBeUndefined()
    expect(seen.created).toMatchObject({
      RoleName: "RampartAuditTest",
      Arn: "arn:aws:iam::222222222206:role/RampartAuditTest",
      trustPolicy: trust("first"),
    })
    expect(seen.policies).toEqual(["read-config"])
    expect(seen.document).toEqual(readOnly)
    expect(seen.updated).toMatchObject({ trustPolicy: trust("second") })
    expect(seen.removed).toEqual(["deleted", "not-found", "deleted", "not-found"])
    expect(seen.gone).toBeUndefined()
  })
})
