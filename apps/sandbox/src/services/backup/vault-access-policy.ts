import type { Operation } from "../../operation.ts"
import { notFound } from "./errors.ts"
import { requiredString } from "./input.ts"
import { vaultOfCall } from "./lookups.ts"
import { saved } from "./state.ts"
import { readVaultPolicy } from "./vault-policy.ts"
import { vaultResource } from "./vaults.ts"

const path = "/backup-vaults/{BackupVaultName}/access-policy"

/** PutBackupVaultAccessPolicy, GetBackupVaultAccessPolicy and DeleteBackupVaultAccessPolicy. */
export const vaultAccessPolicyOperations: ReadonlyArray<Operation> = [
  {
    name: "PutBackupVaultAccessPolicy",
    readOnly: false,
    http: { method: "PUT", path },
    resource: vaultResource,
    handle: (input, context) => {
      // The current policy may itself deny replacing it: that is what makes a deletion guard stick.
      const { scope, vault } = vaultOfCall(input, context, "backup:PutBackupVaultAccessPolicy")
      vault.accessPolicy = readVaultPolicy(requiredString(input, "Policy"))
      saved(scope)
      return {}
    },
  },
  {
    name: "GetBackupVaultAccessPolicy",
    readOnly: true,
    http: { method: "GET", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { vault } = vaultOfCall(input, context, "backup:GetBackupVaultAccessPolicy")
      if (vault.accessPolicy === undefined)
        throw notFound(`Access policy of backup vault ${vault.name}`, "BackupVaultName")
      return { BackupVaultName: vault.name, BackupVaultArn: vault.arn, Policy: vault.accessPolicy }
    },
  },
  {
    name: "DeleteBackupVaultAccessPolicy",
    readOnly: false,
    http: { method: "DELETE", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, vault } = vaultOfCall(input, context, "backup:DeleteBackupVaultAccessPolicy")
      // Deleting a policy that is not there succeeds, as a repeated delete must.
      delete vault.accessPolicy
      saved(scope)
      return {}
    },
  },
]
