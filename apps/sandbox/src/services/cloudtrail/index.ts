import type { ServiceDefinition } from "../../operation.ts"
import { trailConfigurationItems } from "./configuration-items.ts"
import { eventSelectorOperations } from "./event-selectors.ts"
import { lookupEventsOperation } from "./lookup-events.ts"
import { seedCloudTrail } from "./seed.ts"
import { trailOperations } from "./trails.ts"

/**
 * AWS CloudTrail: awsJson1_1, regional. LookupEvents reads the events the sandbox records for every call; trails
 * are kept per account and home Region with their logging status, and recorded for AWS Config as
 * AWS::CloudTrail::Trail items (what CLOUD_TRAIL_ENABLED reads). The scenario section `resources.cloudtrail`
 * (trails) is documented at the top of `seed.ts`.
 */
export const cloudTrailService: ServiceDefinition = {
  signingName: "cloudtrail",
  actionPrefix: "cloudtrail",
  eventSource: "cloudtrail.amazonaws.com",
  protocol: "awsJson1_1",
  targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
  errorMessageKey: "Message",
  operations: [lookupEventsOperation, ...trailOperations, ...eventSelectorOperations],
  seed: seedCloudTrail,
  configurationItems: (store, account, region) => trailConfigurationItems(store, account, region),
}
