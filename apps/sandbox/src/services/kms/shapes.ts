import { algorithmsOf } from "./key-specs.ts"
import { type AliasRecord, type GrantRecord, type KeyPlace, type KeyRecord, keyState } from "./state.ts"

/** A key's KeyMetadata as CreateKey and DescribeKey answer it, at simulated time `now`. */
export const keyMetadata = (key: KeyRecord, now: number) => {
  const state = keyState(key, now)
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: state === "Enabled",
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: state,
    DeletionDate: key.deletionDate === undefined ? undefined : new Date(key.deletionDate),
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...algorithmsOf(key.keySpec, key.keyUsage),
    MultiRegion: key.multiRegion,
    MultiRegionConfiguration: key.multiRegion
      ? {
          MultiRegionKeyType: "PRIMARY",
          PrimaryKey: { Arn: key.arn, Region: key.region },
          ReplicaKeys: [],
        }
      : undefined,
  }
}

/** An alias as ListAliases answers it. */
export const aliasEntry = (place: KeyPlace, alias: AliasRecord) => ({
  AliasName: alias.aliasName,
  AliasArn: `arn:${place.partition}:kms:${place.region}:${place.account}:${alias.aliasName}`,
  TargetKeyId: alias.targetKeyId,
  CreationDate: new Date(alias.creationDate),
  LastUpdatedDate: new Date(alias.lastUpdatedDate),
})

/** A grant as ListGrants answers it. */
export const grantEntry = (key: KeyRecord, grant: GrantRecord) => ({
  KeyId: key.arn,
  GrantId: grant.grantId,
  Name: grant.name,
  CreationDate: new Date(grant.creationDate),
  GranteePrincipal: grant.granteePrincipal,
  RetiringPrincipal: grant.retiringPrincipal,
  IssuingAccount: grant.issuingAccount,
  Operations: grant.operations,
  Constraints: grant.constraints,
})
