/*
 * RDS_STORAGE_ENCRYPTED — https://docs.aws.amazon.com/config/latest/developerguide/rds-storage-encrypted.html
 * Reads AWS::RDS::DBInstance `configuration.storageEncrypted` and `configuration.kmsKeyId`.
 */
import type { ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import { asBoolean, asText, configField, resourceLabel, shown } from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { textParameter } from "./private/parameters.ts"

const identifier = "RDS_STORAGE_ENCRYPTED"

const kmsKeyId: ParameterSpec = {
  name: "kmsKeyId",
  type: "string",
  description:
    "Optional. KMS key ID or key ARN the storage must be encrypted with. Aliases are not resolved offline, so give the key itself.",
}

/** `arn:aws:kms:eu-west-1:111122223333:key/1234...` and `1234...` name the same key. */
const keyIdOf = (key: string): string => {
  const marker = key.indexOf(":key/")
  return key.startsWith("arn:") && marker >= 0 ? key.slice(marker + ":key/".length) : key
}

/** Checks that an RDS DB instance has storage encryption on, optionally with a given KMS key. */
export const rdsStorageEncrypted: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if storage encryption is enabled for RDS DB instances, and optionally that a given KMS key encrypts it.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::RDS::DBInstance"],
  parameters: [kmsKeyId],
  evaluate: ({ item, parameters }) => {
    const name = resourceLabel(item)
    const encrypted = configField(item, "storageEncrypted")
    if (asBoolean(encrypted) !== true) {
      return nonCompliant(
        `DB instance ${name} has storageEncrypted=${shown(encrypted)}. Storage cannot be encrypted in place: snapshot it, copy the snapshot with a KMS key and restore from the copy.`,
      )
    }
    const wantedKey = textParameter(identifier, kmsKeyId, parameters)
    if (wantedKey === undefined) return compliant(`DB instance ${name} has storage encryption enabled.`)
    const recordedKey = asText(configField(item, "kmsKeyId"))
    if (recordedKey === undefined || keyIdOf(recordedKey) !== keyIdOf(wantedKey)) {
      return nonCompliant(
        `DB instance ${name} is encrypted with KMS key ${shown(recordedKey)}, not the required ${wantedKey}; re-encrypt through a snapshot copy with that key.`,
      )
    }
    return compliant(`DB instance ${name} is encrypted with the required KMS key.`)
  },
})
