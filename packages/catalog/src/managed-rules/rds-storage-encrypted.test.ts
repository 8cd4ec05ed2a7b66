import { describe, expect, it } from "vitest"
import { dbCluster, dbInstance, evaluate, kmsKeyArn } from "./fixtures.test-support.ts"
import { rdsStorageEncrypted } from "./rds-storage-encrypted.ts"

describe("RDS_STORAGE_ENCRYPTED", () => {
  it("is compliant when storage encryption is on", () => {
    expect(evaluate(rdsStorageEncrypted, dbInstance()).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when storage encryption is off, naming the value seen", () => {
    const result = evaluate(rdsStorageEncrypted, dbInstance({ storageEncrypted: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("orders-db has storageEncrypted=false")
  })

  it("is non-compliant when the flag is not recorded", () => {
    const result = evaluate(rdsStorageEncrypted, dbInstance({ storageEncrypted: undefined }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("storageEncrypted=absent")
  })

  it("accepts the required key given as a key id or as the key ARN", () => {
    expect(
      evaluate(rdsStorageEncrypted, dbInstance(), { parameters: { kmsKeyId: kmsKeyArn } }).compliance,
    ).toBe("COMPLIANT")
    expect(
      evaluate(rdsStorageEncrypted, dbInstance(), {
        parameters: { kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
      }).compliance,
    ).toBe("COMPLIANT")
  })

  it("is non-compliant when another KMS key encrypts the storage", () => {
    const result = evaluate(rdsStorageEncrypted, dbInstance(), {
      parameters: { kmsKeyId: "0000aaaa-other-key" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("not the required 0000aaaa-other-key")
  })

  it("ignores a blank kmsKeyId as Config passes unset parameters", () => {
    expect(evaluate(rdsStorageEncrypted, dbInstance(), { parameters: { kmsKeyId: " " } }).compliance).toBe(
      "COMPLIANT",
    )
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsStorageEncrypted, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
