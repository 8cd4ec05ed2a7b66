import { describe, expect, it } from "vitest"
import { guardrailOfPack } from "./guardrail.ts"

describe("guardrailOfPack", () => {
  it("reads the catalog id back from the names Rampart's packs are deployed under", () => {
    expect(guardrailOfPack("rampart-rds-security")).toBe("rds-security")
    expect(guardrailOfPack("OrgConformsPack-rampart-backup-protection-x1y2z3w4")).toBe("backup-protection")
    expect(guardrailOfPack("Operational-Best-Practices-for-RDS")).toBeUndefined()
    expect(guardrailOfPack("OrgConformsPack-security-baseline-ab12cd34")).toBeUndefined()
  })
})
