import { disablePublicAccess } from "./disable-public-access.ts"
import { enableBackups } from "./enable-backups.ts"
import { enableDeletionProtection } from "./enable-deletion-protection.ts"
import { enableMultiAz } from "./enable-multi-az.ts"
import { encryptRds } from "./encrypt-rds.ts"
import type { RemediationAction } from "./remediation-action.ts"
import type { RemediationActionId } from "./remediation-item.ts"

/**
 * Every remediation action, in the order they run on one instance: settings changed in place first, encryption
 * last, so the encrypted copy inherits the corrected settings.
 */
export const remediationActions: ReadonlyArray<RemediationAction> = [
  enableBackups,
  enableDeletionProtection,
  enableMultiAz,
  disablePublicAccess,
  encryptRds,
]

/** The actions by id. */
export const remediationActionById: ReadonlyMap<RemediationActionId, RemediationAction> = new Map(
  remediationActions.map((action) => [action.id, action]),
)

/** The action that answers a managed rule's findings, by the rule's source identifier. */
export const remediationActionForRule: ReadonlyMap<string, RemediationAction> = new Map(
  remediationActions.map((action) => [action.answers, action]),
)
