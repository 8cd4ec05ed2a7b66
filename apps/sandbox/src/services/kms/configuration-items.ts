import type { ConfigurationItem } from "@rampart/model"
import type { SandboxStore } from "../../state/store.ts"
import { keyMetadata } from "./shapes.ts"
import { keyState, peekKms } from "./state.ts"

/** Config writes KeyMetadata's fields in camelCase, the account id as `awsaccountId`, and dates in ISO 8601. */
const configurationOf = (metadata: ReturnType<typeof keyMetadata>): Record<string, unknown> => {
  const { AWSAccountId, ...rest } = metadata
  const fields: Record<string, unknown> = { awsaccountId: AWSAccountId }
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) continue
    fields[name.charAt(0).toLowerCase() + name.slice(1)] = value instanceof Date ? value.toISOString() : value
  }
  return fields
}

/**
 * The account's KMS keys in a region as AWS Config records them (`AWS::KMS::Key`), customer and AWS managed,
 * pending deletion included, deleted ones left out.
 */
export const kmsConfigurationItems = (
  store: SandboxStore,
  account: string,
  region: string,
  now: number,
): ReadonlyArray<ConfigurationItem> =>
  Object.values(peekKms(store, account, region)?.keys ?? {})
    .filter((key) => keyState(key, now) !== "Deleted")
    .map((key) => ({
      resourceType: "AWS::KMS::Key",
      resourceId: key.keyId,
      resourceName: key.keyId,
      arn: key.arn,
      accountId: account,
      awsRegion: region,
      configuration: configurationOf(keyMetadata(key, now)),
      tags: Object.fromEntries(key.tags.map((t) => [t.TagKey, t.TagValue])),
      configurationItemCaptureTime: new Date(now).toISOString(),
    }))
