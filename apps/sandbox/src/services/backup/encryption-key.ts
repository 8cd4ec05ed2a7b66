import { resolveKey } from "../kms/resolve-key.ts"
import { keyState } from "../kms/state.ts"
import { invalidParameter } from "./errors.ts"
import { newUuid } from "./identifiers.ts"
import type { BackupState, Scope } from "./state.ts"

/*
 * The KMS key a vault encrypts its backups with. Backup wants a key ARN (not an alias or key id); without one it
 * uses the account's AWS managed `aws/backup` key, which KMS creates on first use.
 *
 * Keys are looked up in the sandbox's KMS (`resolveKey`). A key KMS knows must be usable (not disabled or pending
 * deletion). A key ARN KMS does not know is recorded as given: scenarios may name keys of accounts or services the
 * sandbox does not model, and a scenario's Backup section may be loaded before its KMS section.
 */

const keyArnPattern = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/

/** The key a new vault uses: the given ARN, checked, or the account's `aws/backup` key. */
export const vaultEncryptionKey = (
  scope: Scope,
  state: BackupState,
  given: string | undefined,
): { readonly arn: string; readonly customerManaged: boolean } => {
  if (given === undefined) {
    const managed = resolveKey(scope.store, scope.account, scope.region, "alias/aws/backup", scope.now)
    if (managed) return { arn: managed.arn, customerManaged: false }
    // Only when KMS has no aws/backup key to offer: a stand-in, the same for every vault of the account.
    state.defaultKeyArn ??= `arn:${scope.partition}:kms:${scope.region}:${scope.account}:key/${newUuid(scope.store, "kms-key")}`
    return { arn: state.defaultKeyArn, customerManaged: false }
  }
  if (!keyArnPattern.test(given))
    throw invalidParameter(
      "EncryptionKeyArn",
      `${given} is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); Backup does not take aliases or key ids.`,
    )
  const key = resolveKey(scope.store, scope.account, scope.region, given, scope.now)
  if (key) {
    const status = keyState(key, scope.now)
    if (status !== "Enabled") throw invalidParameter("EncryptionKeyArn", `KMS key ${given} is ${status}.`)
    return { arn: key.arn, customerManaged: key.keyManager === "CUSTOMER" }
  }
  return { arn: given, customerManaged: true }
}
