import type { Operation } from "../../operation.ts"
import { invalidRequest } from "./errors.ts"
import { vaultOfCall } from "./lookups.ts"
import { saved, type VaultRecord } from "./state.ts"
import { isImmutable, readLockConfiguration } from "./vault-lock.ts"
import { vaultResource } from "./vaults.ts"

const path = "/backup-vaults/{BackupVaultName}/vault-lock"

/** The refusal once a compliance-mode lock's grace time is over. */
const immutable = (vault: VaultRecord, verb: string) =>
  invalidRequest(
    `Vault lock of backup vault ${vault.name} cannot be ${verb}: it is in compliance mode and became immutable on ${new Date(vault.lock?.lockDate ?? 0).toISOString()}.`,
    vault.name,
  )

/** PutBackupVaultLockConfiguration and DeleteBackupVaultLockConfiguration. */
export const vaultLockOperations: ReadonlyArray<Operation> = [
  {
    name: "PutBackupVaultLockConfiguration",
    readOnly: false,
    http: { method: "PUT", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, vault } = vaultOfCall(input, context, "backup:PutBackupVaultLockConfiguration")
      if (isImmutable(vault.lock, scope.now)) throw immutable(vault, "changed")
      // A put during the grace time replaces the configuration, LockDate included.
      vault.lock = readLockConfiguration(input, scope.now)
      saved(scope)
      return {}
    },
  },
  {
    name: "DeleteBackupVaultLockConfiguration",
    readOnly: false,
    http: { method: "DELETE", path },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, vault } = vaultOfCall(input, context, "backup:DeleteBackupVaultLockConfiguration")
      if (isImmutable(vault.lock, scope.now)) throw immutable(vault, "deleted")
      delete vault.lock
      saved(scope)
      return {}
    },
  },
]
