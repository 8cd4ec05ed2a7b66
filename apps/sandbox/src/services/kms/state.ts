import type { SandboxStore } from "../../state/store.ts"

/** A KMS tag as the API spells it. */
export interface KmsTag {
  readonly TagKey: string
  readonly TagValue: string
}

/** A grant on a key. */
export interface GrantRecord {
  readonly grantId: string
  readonly grantToken: string
  readonly name?: string
  readonly granteePrincipal: string
  readonly retiringPrincipal?: string
  readonly operations: ReadonlyArray<string>
  readonly constraints?: Readonly<Record<string, unknown>>
  readonly creationDate: number
  /** The account that created the grant (`arn:aws:iam::ACCOUNT:root`). */
  readonly issuingAccount: string
}

/** A KMS key of one account and region. Its state (Enabled, Disabled, PendingDeletion) is derived by `keyState`. */
export interface KeyRecord {
  readonly keyId: string
  readonly arn: string
  readonly account: string
  readonly region: string
  readonly creationDate: number
  readonly keyManager: "CUSTOMER" | "AWS"
  readonly keySpec: string
  readonly keyUsage: string
  readonly origin: "AWS_KMS"
  readonly multiRegion: boolean
  description: string
  enabled: boolean
  /** While the key is pending deletion: when it goes (epoch milliseconds); it no longer exists from then on. */
  deletionDate?: number
  /** The key policy (KMS keeps one, named `default`). */
  policy: string
  /** Automatic rotation, when enabled: the period and since when it counts. */
  rotation?: { periodInDays: number; since: number }
  tags: KmsTag[]
  grants: GrantRecord[]
}

/** An alias of a key. */
export interface AliasRecord {
  readonly aliasName: string
  targetKeyId: string
  readonly creationDate: number
  lastUpdatedDate: number
}

/** KMS's state in one account and region. */
export interface KmsState {
  keys: Record<string, KeyRecord>
  aliases: Record<string, AliasRecord>
}

/** The name of KMS's slice in each account and region. */
export const kmsSliceName = "kms"

/** KMS's state of an account and region, created empty the first time. */
export const kmsSlice = (store: SandboxStore, account: string, region: string): KmsState =>
  store.regionSlice<KmsState>(account, region, kmsSliceName, () => ({ keys: {}, aliases: {} }))

/** KMS's state of an account and region if it has any (reading creates nothing). */
export const peekKms = (store: SandboxStore, account: string, region: string): KmsState | undefined =>
  store.accounts.get(account)?.regions[region]?.[kmsSliceName] as KmsState | undefined

/** Where a key or alias lives. */
export interface KeyPlace {
  readonly partition: string
  readonly account: string
  readonly region: string
}

export const keyArn = (place: KeyPlace, keyId: string): string =>
  `arn:${place.partition}:kms:${place.region}:${place.account}:key/${keyId}`

export const aliasArn = (place: KeyPlace, aliasName: string): string =>
  `arn:${place.partition}:kms:${place.region}:${place.account}:${aliasName}`

/** The state of a key at simulated time `now`; `Deleted` once its deletion date has passed. */
export type KeyState = "Enabled" | "Disabled" | "PendingDeletion" | "Deleted"

export const keyState = (key: KeyRecord, now: number): KeyState =>
  key.deletionDate !== undefined
    ? now >= key.deletionDate
      ? "Deleted"
      : "PendingDeletion"
    : key.enabled
      ? "Enabled"
      : "Disabled"

/**
 * Removes the keys whose deletion date has passed, with their aliases: KMS deletes them at the end of the
 * waiting period. Returns true when something was removed (the caller then marks the account changed).
 */
export const purgeDeleted = (state: KmsState, now: number): boolean => {
  let removed = false
  for (const key of Object.values(state.keys)) {
    if (keyState(key, now) !== "Deleted") continue
    delete state.keys[key.keyId]
    for (const alias of Object.values(state.aliases))
      if (alias.targetKeyId === key.keyId) delete state.aliases[alias.aliasName]
    removed = true
  }
  return removed
}

/** A key id as KMS writes them: a UUID, `mrk-` and 32 hex digits for multi-Region keys. */
export const newKeyId = (store: SandboxStore, multiRegion: boolean): string => {
  const hex = store.nextId("", 32, "0123456789abcdef")
  return multiRegion
    ? `mrk-${hex}`
    : `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The key policy KMS gives a key created without one: the account's root may do anything (IAM then decides). */
export const defaultKeyPolicy = (partition: string, account: string): string =>
  JSON.stringify(
    {
      Version: "2012-10-17",
      Id: "key-default-1",
      Statement: [
        {
          Sid: "Enable IAM User Permissions",
          Effect: "Allow",
          Principal: { AWS: `arn:${partition}:iam::${account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    },
    null,
    2,
  )

/** What a new key is made of; the rest (id, ARN, dates, empty grants) is filled in. */
export interface KeySpecification {
  readonly keyId?: string
  readonly description: string
  readonly keySpec: string
  readonly keyUsage: string
  readonly keyManager: "CUSTOMER" | "AWS"
  readonly multiRegion: boolean
  readonly policy?: string
  readonly tags: ReadonlyArray<KmsTag>
  readonly enabled?: boolean
  readonly rotation?: { periodInDays: number }
}

/** Creates a key in an account and region (CreateKey, the scenario seed and AWS managed keys all come here). */
export const putKey = (
  store: SandboxStore,
  place: KeyPlace,
  spec: KeySpecification,
  now: number,
): KeyRecord => {
  const keyId = spec.keyId ?? newKeyId(store, spec.multiRegion)
  const key: KeyRecord = {
    keyId,
    arn: keyArn(place, keyId),
    account: place.account,
    region: place.region,
    creationDate: now,
    keyManager: spec.keyManager,
    keySpec: spec.keySpec,
    keyUsage: spec.keyUsage,
    origin: "AWS_KMS",
    multiRegion: spec.multiRegion,
    description: spec.description,
    enabled: spec.enabled ?? true,
    policy: spec.policy ?? defaultKeyPolicy(place.partition, place.account),
    ...(spec.rotation ? { rotation: { periodInDays: spec.rotation.periodInDays, since: now } } : {}),
    tags: [...spec.tags],
    grants: [],
  }
  kmsSlice(store, place.account, place.region).keys[keyId] = key
  store.touch(place.account)
  return key
}

/** Points an alias at a key (new alias, or an existing one moved). */
export const putAlias = (
  store: SandboxStore,
  place: KeyPlace,
  aliasName: string,
  keyId: string,
  now: number,
): AliasRecord => {
  const state = kmsSlice(store, place.account, place.region)
  const existing = state.aliases[aliasName]
  const alias: AliasRecord = existing
    ? { ...existing, targetKeyId: keyId, lastUpdatedDate: now }
    : { aliasName, targetKeyId: keyId, creationDate: now, lastUpdatedDate: now }
  state.aliases[aliasName] = alias
  store.touch(place.account)
  return alias
}
