import { describe, expect, it } from "vitest"
import type { RenderContext } from "./context.ts"
import { loadCatalog } from "./load.ts"
import { renderGuardrail } from "./render.ts"

const context: RenderContext = {
  "org.id": "o-abcdefghij",
  "org.managementAccountId": "999999999999",
  "org.hubAccountId": "111111111111",
  "org.partition": "aws",
  "roles.hub": "RampartHub",
  "roles.audit": "RampartAudit",
  "roles.remediation": "RampartRemediation",
  "roles.pipeline": "RampartPipeline",
  "roles.breakGlass": "RampartBreakGlass",
  "roles.externalId": "ext-123",
}

const catalog = () => {
  const loaded = loadCatalog()
  if (!loaded.ok) throw new Error("catalog does not load")
  return loaded.catalog
}

const guardrail = (id: string) => {
  const found = catalog().byId.get(id)
  if (!found) throw new Error(`no ${id}`)
  return found
}

describe("renderGuardrail", () => {
  it("fills the exempt principals of an SCP from defaults that use the organization's role names", () => {
    const rendered = renderGuardrail(guardrail("deny-unencrypted-rds"), {}, context)
    expect(rendered.kind).toBe("scp")
    const text = JSON.stringify(rendered.kind === "scp" ? rendered.document : null)
    expect(text).toContain(
      '"aws:PrincipalArn":["arn:aws:iam::*:role/RampartPipeline","arn:aws:iam::*:role/RampartBreakGlass"]',
    )
    expect(text).not.toContain("{{")
  })

  it("uses given parameters instead of defaults", () => {
    const rendered = renderGuardrail(
      guardrail("protect-backups"),
      { exemptPrincipalArns: ["arn:aws:iam::*:role/BackupAdmin"] },
      context,
    )
    expect(JSON.stringify(rendered.kind === "scp" ? rendered.document : null)).toContain(
      '"aws:PrincipalArn":["arn:aws:iam::*:role/BackupAdmin"]',
    )
  })

  it("renders a role's trust for the hub role with the external id and organization", () => {
    const rendered = renderGuardrail(guardrail("rampart-audit"), {}, context)
    if (rendered.kind !== "role") throw new Error("not a role")
    expect(rendered.roleName).toBe("RampartAudit")
    const trust = JSON.stringify(rendered.trust)
    expect(trust).toContain("arn:aws:iam::111111111111:role/RampartHub")
    expect(trust).toContain('"sts:ExternalId":"ext-123"')
    expect(trust).toContain('"aws:PrincipalOrgID":"o-abcdefghij"')
  })

  it("passes conformance pack parameters to Config as strings, defaults included", () => {
    const rendered = renderGuardrail(guardrail("rds-security"), { RdsBackupRetentionMinimum: 14 }, context)
    if (rendered.kind !== "conformance-pack") throw new Error("not a pack")
    expect(rendered.parameters.RdsBackupRetentionMinimum).toBe("14")
    expect(Object.values(rendered.parameters).every((v) => typeof v === "string")).toBe(true)
  })
})
