import { type ContextValue, compileTrustPolicy, parsePolicy } from "@rampart/scp"
import type { CallContext } from "../../operation.ts"
import { accessDenied, invalidParameter } from "./errors.ts"
import type { VaultRecord } from "./state.ts"

/*
 * A vault's access policy is a resource-based policy: it names principals, and its Deny statements bind everyone,
 * the account's own administrators included. That is how a vault is made to refuse manual deletion of recovery
 * points (BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED). The sandbox's authorizer looks at identity policies and
 * SCPs only, so the Backup operations that touch a vault ask this file as well. Its Allow statements grant other
 * accounts access; the sandbox has no cross-account vault access, so only Deny matters here.
 */

/** Reads PutBackupVaultAccessPolicy's Policy: JSON text of a policy with principals. */
export const readVaultPolicy = (text: string): string => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw invalidParameter("Policy", "the policy is not valid JSON.")
  }
  const parsed = parsePolicy(json, { kind: "trust", file: "Policy" })
  const problem = parsed.diagnostics.find((d) => d.severity === "error")
  if (!parsed.document || problem)
    throw invalidParameter(
      "Policy",
      `${problem?.path ?? ""} ${problem?.message ?? "is not a valid policy"}`.trim(),
    )
  return text
}

/** The condition keys a resource policy is evaluated with. */
const requestKeys = (context: CallContext): Record<string, ContextValue> => {
  const caller = context.caller
  const org = context.store.organization
  const inOrganization =
    org !== undefined &&
    (org.managementAccountId === caller.account || org.accounts[caller.account] !== undefined)
  return {
    "aws:PrincipalArn": caller.arn,
    "aws:PrincipalAccount": caller.account,
    "aws:PrincipalType": caller.type === "Root" ? "Account" : caller.type,
    "aws:userid": caller.userId,
    "aws:RequestedRegion": context.region,
    ...(inOrganization && org ? { "aws:PrincipalOrgID": org.id } : {}),
  }
}

/**
 * Throws AccessDeniedException when the vault's access policy explicitly denies the caller `action` on
 * `resource` (the vault's or a recovery point's ARN).
 */
export const refuseWhenVaultPolicyDenies = (
  vault: VaultRecord,
  action: string,
  resource: string,
  context: CallContext,
): void => {
  if (vault.accessPolicy === undefined) return
  let json: unknown
  try {
    json = JSON.parse(vault.accessPolicy)
  } catch {
    // Policies are checked when they are put or seeded; state edited by hand that no longer parses denies nothing.
    return
  }
  const parsed = parsePolicy(json, { kind: "trust", file: vault.arn })
  if (!parsed.document) return
  const decision = compileTrustPolicy(parsed.document, vault.arn).evaluate({
    action,
    resource,
    principalArn: context.caller.arn,
    account: context.caller.account,
    region: context.region,
    context: requestKeys(context),
  })
  if (decision.decision === "ExplicitDeny")
    throw accessDenied(
      `User: ${context.caller.callerArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`,
    )
}
