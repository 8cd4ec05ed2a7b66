import type { ServiceDefinition } from "../../operation.ts"
import { aliasOperations } from "./aliases.ts"
import { kmsConfigurationItems } from "./configuration-items.ts"
import { deletionOperations } from "./deletion.ts"
import { grantOperations } from "./grants.ts"
import { keyPolicyOperations } from "./key-policies.ts"
import { keyOperations } from "./keys.ts"
import { rotationOperations } from "./rotation.ts"
import { seedKms } from "./seed.ts"
import { tagOperations } from "./tags.ts"

/**
 * AWS KMS: awsJson1_1 (`TrentService.<Operation>`), regional. Keys, aliases, key policies (enforced, beside
 * identity policies and SCPs), grants, deletion windows and rotation; no cryptography. Other services resolve
 * `KmsKeyId` values with `resolveKey` (resolve-key.ts).
 */
export const kmsService: ServiceDefinition = {
  signingName: "kms",
  actionPrefix: "kms",
  eventSource: "kms.amazonaws.com",
  protocol: "awsJson1_1",
  targetPrefix: "TrentService",
  operations: [
    ...keyOperations,
    ...aliasOperations,
    ...keyPolicyOperations,
    ...grantOperations,
    ...deletionOperations,
    ...rotationOperations,
    ...tagOperations,
  ],
  seed: seedKms,
  configurationItems: kmsConfigurationItems,
}
