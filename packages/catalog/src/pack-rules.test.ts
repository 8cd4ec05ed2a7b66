import { describe, expect, it } from "vitest"
import type { ConformancePackGuardrail } from "./guardrail.ts"
import { loadCatalog } from "./load.ts"
import { packRules } from "./pack-rules.ts"

const pack = (): ConformancePackGuardrail => {
  const loaded = loadCatalog()
  if (!loaded.ok) throw new Error("catalog does not load")
  const found = loaded.catalog.byId.get("rds-security")
  if (found?.kind !== "conformance-pack") throw new Error("no rds-security pack")
  return found
}

describe("packRules", () => {
  it("gives every rule of the pack with its scope", () => {
    const rules = packRules(pack())
    expect(rules.map((r) => r.sourceIdentifier)).toContain("RDS_STORAGE_ENCRYPTED")
    expect(
      rules.find((r) => r.sourceIdentifier === "RDS_STORAGE_ENCRYPTED")?.scope?.complianceResourceTypes,
    ).toEqual(["AWS::RDS::DBInstance"])
  })

  it("resolves Refs to given pack parameters, else their defaults", () => {
    const backup = (rules: ReturnType<typeof packRules>) =>
      rules.find((r) => r.sourceIdentifier === "DB_INSTANCE_BACKUP_ENABLED")?.parameters
    expect(backup(packRules(pack()))).toMatchObject({ backupRetentionMinimum: "7" })
    expect(backup(packRules(pack(), { RdsBackupRetentionMinimum: "14" }))).toMatchObject({
      backupRetentionMinimum: "14",
    })
  })
})
