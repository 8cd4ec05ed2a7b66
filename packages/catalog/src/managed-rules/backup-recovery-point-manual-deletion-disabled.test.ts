import { describe, expect, it } from "vitest"
import { backupRecoveryPointManualDeletionDisabled } from "./backup-recovery-point-manual-deletion-disabled.ts"
import { backupVault, configurationItem, evaluate, recoveryPoint } from "./fixtures.test-support.ts"

const pipelineRole = "arn:aws:iam::111122223333:role/rampart-pipeline"

const denyStatement = (overrides: Readonly<Record<string, unknown>> = {}) => ({
  Sid: "DenyRecoveryPointDeletion",
  Effect: "Deny",
  Principal: { AWS: "*" },
  Action: [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:PutBackupVaultAccessPolicy",
  ],
  Resource: "*",
  ...overrides,
})

const policy = (...statements: ReadonlyArray<unknown>) => ({ Version: "2012-10-17", Statement: statements })

describe("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", () => {
  it("is compliant when a Deny for everyone covers the three actions", () => {
    expect(
      evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(policy(denyStatement()))).compliance,
    ).toBe("COMPLIANT")
  })

  it("accepts action wildcards and a policy stored as JSON text or a GetBackupVaultAccessPolicy wrapper", () => {
    const wildcard = policy(
      denyStatement({ Action: ["backup:Delete*", "backup:Update*", "backup:Put*"], Principal: "*" }),
    )
    expect(
      evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(JSON.stringify(wildcard))).compliance,
    ).toBe("COMPLIANT")
    const wrapped = configurationItem(
      "AWS::Backup::BackupVault",
      "central",
      { BackupVaultName: "central" },
      {
        supplementaryConfiguration: {
          BackupVaultAccessPolicy: { policy: JSON.stringify(policy(denyStatement())) },
        },
      },
    )
    expect(evaluate(backupRecoveryPointManualDeletionDisabled, wrapped).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant without an access policy", () => {
    const result = evaluate(backupRecoveryPointManualDeletionDisabled, backupVault())
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("Backup vault central has no access policy")
  })

  it("is non-compliant when the Deny misses an action, naming it", () => {
    const partial = policy(
      denyStatement({ Action: ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy"] }),
    )
    const result = evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(partial))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("it does not deny backup:UpdateRecoveryPointLifecycle")
  })

  it("is non-compliant when the Deny names a principal or resource instead of a wildcard", () => {
    const named = policy(denyStatement({ Principal: { AWS: pipelineRole } }))
    expect(evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(named)).annotation).toContain(
      'no Deny with Principal "*" and a wildcard Resource',
    )
    const resource = policy(
      denyStatement({ Resource: "arn:aws:backup:eu-west-1:111122223333:backup-vault:central" }),
    )
    expect(evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(resource)).compliance).toBe(
      "NON_COMPLIANT",
    )
  })

  it("accepts a principal exemption only for ARNs in principalArnList", () => {
    const exempting = policy(
      denyStatement({ Condition: { ArnNotLike: { "aws:PrincipalArn": [pipelineRole] } } }),
    )
    const withoutList = evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(exempting))
    expect(withoutList.compliance).toBe("NON_COMPLIANT")
    expect(withoutList.annotation).toContain(`it exempts ${pipelineRole}, not in principalArnList`)
    expect(
      evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(exempting), {
        parameters: { principalArnList: `${pipelineRole}, arn:aws:iam::111122223333:role/break-glass` },
      }).compliance,
    ).toBe("COMPLIANT")
  })

  it("does not accept conditions other than principal exemptions", () => {
    const conditional = policy(
      denyStatement({ Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }),
    )
    const result = evaluate(backupRecoveryPointManualDeletionDisabled, backupVault(conditional))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("its Condition uses Bool")
  })

  it("is not applicable to recovery points", () => {
    expect(evaluate(backupRecoveryPointManualDeletionDisabled, recoveryPoint()).compliance).toBe(
      "NOT_APPLICABLE",
    )
  })
})
