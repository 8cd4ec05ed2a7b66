import type { CallContext, Input } from "../../operation.ts"
import { notFound } from "./errors.ts"
import { optionalString, requiredString } from "./input.ts"
import {
  type BackupState,
  backupState,
  type PlanRecord,
  type RecoveryPointRecord,
  type Scope,
  type SelectionRecord,
  scopeOf,
  type VaultRecord,
} from "./state.ts"
import { isLive } from "./time-states.ts"
import { refuseWhenVaultPolicyDenies } from "./vault-policy.ts"

/*
 * Finding what a request names, or answering ResourceNotFoundException the way Backup does. Deleted plans and
 * recovery points their lifecycle has deleted are not found.
 */

export const findVault = (state: BackupState, name: string): VaultRecord => {
  const vault = state.vaults[name]
  if (!vault) throw notFound(`Backup vault ${name}`, "BackupVaultName")
  return vault
}

/** A plan that has not been deleted. */
export const findPlan = (state: BackupState, id: string): PlanRecord => {
  const plan = state.plans[id]
  if (!plan || plan.deletionDate !== undefined) throw notFound(`Backup plan ${id}`, "BackupPlanId")
  return plan
}

export const findSelection = (state: BackupState, planId: string, id: string): SelectionRecord => {
  const selection = state.selections[id]
  if (!selection || selection.planId !== planId)
    throw notFound(`Backup selection ${id} of backup plan ${planId}`, "SelectionId")
  return selection
}

/** A recovery point that still exists, in the named vault. */
export const findRecoveryPoint = (
  state: BackupState,
  vault: VaultRecord,
  arn: string,
  now: number,
): RecoveryPointRecord => {
  const point = state.recoveryPoints[arn]
  if (!point || point.vaultName !== vault.name || !isLive(point, now))
    throw notFound(`Recovery point ${arn} in backup vault ${vault.name}`, "RecoveryPointArn")
  return point
}

/** Backup names vaults of the caller's account only; another account's vault is not found here. */
const refuseOtherAccount = (input: Input, context: CallContext): void => {
  const owner = optionalString(input, "BackupVaultAccountId")
  if (owner !== undefined && owner !== context.account)
    throw notFound(
      `Backup vault ${String(input.BackupVaultName)} of account ${owner}`,
      "BackupVaultAccountId",
    )
}

/**
 * The vault a call addresses (`BackupVaultName`), after its access policy has had its say on `action`
 * (`backup:DeleteRecoveryPoint`, ...) against `resource` (the vault's ARN unless given).
 */
export const vaultOfCall = (
  input: Input,
  context: CallContext,
  action: string,
  resource?: (vault: VaultRecord) => string,
): { readonly scope: Scope; readonly state: BackupState; readonly vault: VaultRecord } => {
  refuseOtherAccount(input, context)
  const scope = scopeOf(context)
  const state = backupState(scope)
  const vault = findVault(state, requiredString(input, "BackupVaultName"))
  refuseWhenVaultPolicyDenies(vault, action, resource?.(vault) ?? vault.arn, context)
  return { scope, state, vault }
}
