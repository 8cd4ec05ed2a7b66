import { describe, expect, it } from "vitest"
import {
  encryptedCopyId,
  encryptedSnapshotId,
  isRemediationId,
  newRemediationId,
  sourceSnapshotId,
} from "./identifiers.ts"

describe("remediation identifiers", () => {
  it("names the encrypted copy and the snapshots the same way on every run", () => {
    expect(encryptedCopyId("app-db-2")).toBe("app-db-2-rampart-encrypted")
    expect(sourceSnapshotId("app-db-2", "remediation-1")).toBe("rampart-app-db-2-remediation-1")
    expect(encryptedSnapshotId("app-db-2", "remediation-1")).toBe("rampart-app-db-2-remediation-1-encrypted")
  })

  it("keeps copies of long identifiers within RDS's 63 characters, distinct for distinct sources", () => {
    const a = `orders-${"a".repeat(50)}-1`
    const b = `orders-${"a".repeat(50)}-2`
    expect(encryptedCopyId(a)).toHaveLength(63)
    expect(encryptedCopyId(a)).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
    expect(encryptedCopyId(a)).not.toBe(encryptedCopyId(b))
  })

  it("accepts ids that fit in snapshot identifiers and makes new ones from the time", () => {
    expect(newRemediationId(new Date("2026-11-22T10:30:00Z"))).toBe("remediation-20261122t103000")
    expect(isRemediationId(newRemediationId(new Date()))).toBe(true)
    expect(isRemediationId("Fix_It")).toBe(false)
    expect(isRemediationId("a--b")).toBe(false)
    expect(isRemediationId("ends-")).toBe(false)
    expect(isRemediationId(`r${"x".repeat(40)}`)).toBe(false)
  })
})
