import { createHash } from "node:crypto"
import type { SandboxStore } from "../../state/store.ts"
import { resolveKey } from "../kms/resolve-key.ts"
import { keyState } from "../kms/state.ts"
import { kmsKeyNotAccessible } from "./errors.ts"
import type { Place } from "./state.ts"

/*
 * Which KMS key encrypts a database or snapshot. RDS reports keys as key ARNs.
 *
 * A KmsKeyId (key id, key ARN, alias name or alias ARN) is first checked for shape and region (KMS keys are
 * regional: RDS cannot use a key of another region), then resolved through the sandbox's KMS (`resolveKey`): a
 * key KMS knows gives its key ARN, and must be Enabled. `alias/aws/rds` (and StorageEncrypted without KmsKeyId)
 * gives the account's AWS managed key, which KMS creates on first use.
 *
 * A key KMS does not know is refused with KMSKeyNotAccessibleFault, as AWS does for a key that does not exist.
 */

const keyIdPattern = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/
const keyArnPattern = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/([A-Za-z0-9:/_-]+)$/
const aliasPattern = /^alias\/[A-Za-z0-9:/_-]+$/

/** A UUID-shaped key id derived from a name, stable across calls and restarts. */
const derivedKeyId = (seed: string): string => {
  const hex = createHash("sha256").update(seed).digest("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The ARN the AWS managed RDS key would have if KMS could not provide it. */
const derivedManagedKeyArn = (place: Place): string =>
  `arn:${place.partition}:kms:${place.region}:${place.account}:key/${derivedKeyId(`${place.account}:${place.region}:aws/rds`)}`

/**
 * The key ARN RDS records for an encrypted resource in `place`: the caller's `KmsKeyId`, or the AWS managed key
 * `alias/aws/rds` when none is given. Throws KMSKeyNotAccessibleFault, naming `field`, for a key RDS could not
 * use: malformed, in another region, or known to KMS but not Enabled (disabled, pending deletion).
 */
export const encryptionKey = (
  store: SandboxStore,
  place: Place,
  kmsKeyId: string | undefined,
  now: number,
  field = "KmsKeyId",
): string => {
  const key = (kmsKeyId ?? "alias/aws/rds").trim()
  const arn = keyArnPattern.exec(key)
  const wellFormed =
    keyIdPattern.test(key) ||
    aliasPattern.test(key) ||
    (arn !== null && (arn[3] === "alias" || keyIdPattern.test(arn[4] as string)))
  if (!wellFormed || (arn !== null && arn[1] !== place.region))
    throw kmsKeyNotAccessible(field, kmsKeyId ?? key)
  const known = resolveKey(store, place.account, place.region, key, now)
  if (known) {
    if (known.region !== place.region || keyState(known, now) !== "Enabled")
      throw kmsKeyNotAccessible(field, kmsKeyId ?? key)
    return known.arn
  }
  throw kmsKeyNotAccessible(field, kmsKeyId ?? key)
}

/** True for the AWS managed key: snapshots encrypted with it cannot be shared with other accounts. */
export const isAwsManagedKey = (
  store: SandboxStore,
  place: Place,
  keyArn: string | undefined,
  now: number,
): boolean => {
  if (keyArn === undefined) return false
  const known = resolveKey(store, place.account, place.region, keyArn, now)
  return known ? known.keyManager === "AWS" : keyArn === derivedManagedKeyArn(place)
}
