import { describe, expect, it } from "vitest"
import { backupRecoveryPointEncrypted } from "./backup-recovery-point-encrypted.ts"
import { backupVault, evaluate, recoveryPoint } from "./fixtures.test-support.ts"

describe("BACKUP_RECOVERY_POINT_ENCRYPTED", () => {
  it("is compliant for an encrypted recovery point", () => {
    expect(evaluate(backupRecoveryPointEncrypted, recoveryPoint()).compliance).toBe("COMPLIANT")
    expect(
      evaluate(backupRecoveryPointEncrypted, recoveryPoint({ IsEncrypted: undefined, isEncrypted: true }))
        .compliance,
    ).toBe("COMPLIANT")
  })

  it("is non-compliant for an unencrypted recovery point, naming its vault", () => {
    const result = evaluate(backupRecoveryPointEncrypted, recoveryPoint({ IsEncrypted: false }))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("in central has isEncrypted=false")
  })

  it("is not applicable to backup vaults", () => {
    expect(evaluate(backupRecoveryPointEncrypted, backupVault()).compliance).toBe("NOT_APPLICABLE")
  })
})
