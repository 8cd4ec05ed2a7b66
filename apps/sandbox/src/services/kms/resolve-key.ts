import type { SandboxStore } from "../../state/store.ts"
import { awsManagedService, ensureAwsManagedKey } from "./aws-managed.ts"
import { type KeyRecord, keyState, peekKms } from "./state.ts"

/** The ways KMS lets a caller name a key. */
export type KeyReference =
  | { readonly kind: "id"; readonly keyId: string }
  | { readonly kind: "alias"; readonly aliasName: string }
  | { readonly kind: "key-arn"; readonly account: string; readonly region: string; readonly keyId: string }
  | {
      readonly kind: "alias-arn"
      readonly account: string
      readonly region: string
      readonly aliasName: string
    }
  | { readonly kind: "invalid-arn" }

/** Reads a key id, key ARN, alias name (`alias/x`) or alias ARN. */
export const parseKeyReference = (reference: string): KeyReference => {
  if (reference.startsWith("arn:")) {
    const match = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/([^/\s]+)|(alias\/[a-zA-Z0-9/_-]+))$/.exec(
      reference,
    )
    if (!match) return { kind: "invalid-arn" }
    const [, region, account, , keyId, aliasName] = match as unknown as [
      string,
      string,
      string,
      string,
      string?,
      string?,
    ]
    return keyId !== undefined
      ? { kind: "key-arn", account, region, keyId }
      : { kind: "alias-arn", account, region, aliasName: aliasName as string }
  }
  if (reference.startsWith("alias/")) return { kind: "alias", aliasName: reference }
  return { kind: "id", keyId: reference }
}

/**
 * Finds the key a caller names by key id, key ARN, alias name (`alias/x`) or alias ARN, as RDS, Backup and KMS
 * itself resolve `KmsKeyId`. Ids and alias names are looked up in `account` and `region`; ARNs where they point
 * (another account's key, for cross-account use). `alias/aws/<service>` (rds, backup, ebs, s3, ...) gives the
 * account's AWS managed key, created on first use as KMS does.
 *
 * Pass the simulated time `now` (`context.clock.now()`): keys whose deletion date has passed are then treated as
 * gone, and AWS managed keys created here get it as their creation date. The answer may be a key that is Disabled
 * or PendingDeletion: check `keyState(key, now)` before encrypting with it (AWS answers DisabledException or
 * KMSInvalidStateException).
 */
export const resolveKey = (
  store: SandboxStore,
  account: string,
  region: string,
  keyIdOrAliasOrArn: string,
  now?: number,
): KeyRecord | undefined => {
  const reference = parseKeyReference(keyIdOrAliasOrArn)
  if (reference.kind === "invalid-arn") return undefined
  const place =
    reference.kind === "key-arn" || reference.kind === "alias-arn"
      ? { partition: store.partition, account: reference.account, region: reference.region }
      : { partition: store.partition, account, region }
  let key: KeyRecord | undefined
  if (reference.kind === "id" || reference.kind === "key-arn") {
    key = peekKms(store, place.account, place.region)?.keys[reference.keyId]
  } else {
    const alias = peekKms(store, place.account, place.region)?.aliases[reference.aliasName]
    if (alias) key = peekKms(store, place.account, place.region)?.keys[alias.targetKeyId]
    else {
      const service = awsManagedService(reference.aliasName)
      if (service !== undefined) key = ensureAwsManagedKey(store, place, service, now ?? Date.now())
    }
  }
  if (key && now !== undefined && keyState(key, now) === "Deleted") return undefined
  return key
}
