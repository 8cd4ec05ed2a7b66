import type { CallContext, Input, Operation } from "../../operation.ts"
import { vaultArn } from "./arns.ts"
import { vaultEncryptionKey } from "./encryption-key.ts"
import { alreadyExists, invalidParameter, invalidRequest } from "./errors.ts"
import { optionalBoolean, optionalString, requiredString, stringMap } from "./input.ts"
import { vaultOfCall } from "./lookups.ts"
import { backupPage } from "./paging.ts"
import { vaultShape } from "./shapes.ts"
import { backupState, type Scope, saved, scopeOf, type VaultRecord } from "./state.ts"
import { liveRecoveryPoints } from "./time-states.ts"
import { isImmutable } from "./vault-lock.ts"

/** Vault names: 2 to 50 letters, digits, hyphens and underscores. */
const vaultNamePattern = /^[a-zA-Z0-9\-_]{2,50}$/

/** Backup vaults one account may have in a Region. */
const vaultsPerRegion = 100

/** What a new vault is made of (from CreateBackupVault or a scenario). */
export interface VaultSpec {
  readonly name: string
  readonly encryptionKeyArn?: string | undefined
  readonly creatorRequestId?: string | undefined
  readonly tags?: Readonly<Record<string, string>>
}

/** Creates a vault; throws Backup's errors for a bad name, a bad key, a taken name or too many vaults. */
export const createVault = (scope: Scope, spec: VaultSpec): VaultRecord => {
  if (!vaultNamePattern.test(spec.name))
    throw invalidParameter(
      "BackupVaultName",
      `${JSON.stringify(spec.name)} must be 2 to 50 letters, digits, hyphens or underscores.`,
    )
  const state = backupState(scope)
  const existing = state.vaults[spec.name]
  if (existing)
    throw alreadyExists(
      "Backup vault with the same name already exists",
      existing.arn,
      existing.creatorRequestId,
    )
  if (Object.keys(state.vaults).length >= vaultsPerRegion)
    throw invalidRequest(`An account can have at most ${vaultsPerRegion} backup vaults in a Region.`)
  const key = vaultEncryptionKey(scope, state, spec.encryptionKeyArn)
  const vault: VaultRecord = {
    name: spec.name,
    arn: vaultArn(scope, spec.name),
    creationDate: scope.now,
    encryptionKeyArn: key.arn,
    customerManagedKey: key.customerManaged,
    ...(spec.creatorRequestId === undefined ? {} : { creatorRequestId: spec.creatorRequestId }),
    tags: spec.tags ?? {},
  }
  state.vaults[vault.name] = vault
  return vault
}

/** The ARN a vault operation is authorized against. */
export const vaultResource = (input: Input, context: CallContext): string =>
  vaultArn(context, typeof input.BackupVaultName === "string" ? input.BackupVaultName : "*")

const vaultTypes = ["BACKUP_VAULT", "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", "RESTORE_ACCESS_BACKUP_VAULT"]

/** CreateBackupVault, DescribeBackupVault, ListBackupVaults and DeleteBackupVault. */
export const vaultOperations: ReadonlyArray<Operation> = [
  {
    name: "CreateBackupVault",
    readOnly: false,
    http: { method: "PUT", path: "/backup-vaults/{BackupVaultName}" },
    resource: vaultResource,
    handle: (input, context) => {
      const scope = scopeOf(context)
      const vault = createVault(scope, {
        name: requiredString(input, "BackupVaultName"),
        encryptionKeyArn: optionalString(input, "EncryptionKeyArn"),
        creatorRequestId: optionalString(input, "CreatorRequestId"),
        tags: stringMap(input, "BackupVaultTags"),
      })
      saved(scope)
      return {
        BackupVaultName: vault.name,
        BackupVaultArn: vault.arn,
        CreationDate: new Date(vault.creationDate),
      }
    },
  },
  {
    name: "DescribeBackupVault",
    readOnly: true,
    http: {
      method: "GET",
      path: "/backup-vaults/{BackupVaultName}",
      query: { backupVaultAccountId: "BackupVaultAccountId" },
    },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, state, vault } = vaultOfCall(input, context, "backup:DescribeBackupVault")
      return vaultShape(vault, state, scope.now)
    },
  },
  {
    name: "ListBackupVaults",
    readOnly: true,
    http: {
      method: "GET",
      path: "/backup-vaults/",
      query: {
        vaultType: "ByVaultType",
        shared: "ByShared",
        nextToken: "NextToken",
        maxResults: "MaxResults",
      },
    },
    handle: (input, context) => {
      const scope = scopeOf(context)
      const state = backupState(scope)
      const type = optionalString(input, "ByVaultType")
      if (type !== undefined && !vaultTypes.includes(type))
        throw invalidParameter("ByVaultType", `${type} is not one of ${vaultTypes.join(", ")}.`)
      // Every vault here is a standard vault of the caller's own account: none is shared with it.
      const shared = optionalBoolean(input, "ByShared") === true
      const vaults =
        shared || (type !== undefined && type !== "BACKUP_VAULT")
          ? []
          : Object.values(state.vaults).sort((a, b) => a.name.localeCompare(b.name))
      const page = backupPage(vaults, input)
      return {
        BackupVaultList: page.items.map((vault) => vaultShape(vault, state, scope.now)),
        NextToken: page.nextToken,
      }
    },
  },
  {
    name: "DeleteBackupVault",
    readOnly: false,
    http: { method: "DELETE", path: "/backup-vaults/{BackupVaultName}" },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, state, vault } = vaultOfCall(input, context, "backup:DeleteBackupVault")
      if (liveRecoveryPoints(state, vault.name, scope.now).length > 0)
        throw invalidRequest(
          "Backup vault cannot be deleted because it contains recovery points.",
          vault.name,
        )
      if (isImmutable(vault.lock, scope.now))
        throw invalidRequest(
          `Backup vault ${vault.name} cannot be deleted: its vault lock is in compliance mode and became immutable on ${new Date(vault.lock?.lockDate ?? 0).toISOString()}.`,
          vault.name,
        )
      // Recovery points the lifecycle already deleted go with the vault.
      for (const [arn, point] of Object.entries(state.recoveryPoints))
        if (point.vaultName === vault.name) delete state.recoveryPoints[arn]
      delete state.vaults[vault.name]
      saved(scope)
      return {}
    },
  },
]
