import type { ConfigurationItem } from "@rampart/model"
import type { SandboxStore } from "../../state/store.ts"
import type { CloudTrailState, TrailRecord } from "./state.ts"

/** A trail as AWS Config records it: the describe shape with lowered first letters, its status supplementary. */
export const trailItem = (account: string, trail: TrailRecord): ConfigurationItem => ({
  resourceType: "AWS::CloudTrail::Trail",
  resourceId: trail.name,
  resourceName: trail.name,
  arn: trail.arn,
  accountId: account,
  awsRegion: trail.homeRegion,
  configuration: {
    name: trail.name,
    s3BucketName: trail.s3BucketName,
    ...(trail.s3KeyPrefix === undefined ? {} : { s3KeyPrefix: trail.s3KeyPrefix }),
    ...(trail.snsTopicName === undefined
      ? {}
      : { snsTopicName: trail.snsTopicName, snsTopicARN: trail.snsTopicArn }),
    includeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    isMultiRegionTrail: trail.isMultiRegionTrail,
    homeRegion: trail.homeRegion,
    trailARN: trail.arn,
    logFileValidationEnabled: trail.logFileValidationEnabled,
    ...(trail.cloudWatchLogsLogGroupArn === undefined
      ? {}
      : { cloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn }),
    ...(trail.cloudWatchLogsRoleArn === undefined
      ? {}
      : { cloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn }),
    ...(trail.kmsKeyId === undefined ? {} : { kmsKeyId: trail.kmsKeyId }),
    hasCustomEventSelectors: trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined,
    hasInsightSelectors: false,
    isOrganizationTrail: trail.isOrganizationTrail,
  },
  supplementaryConfiguration: {
    TrailStatus: {
      isLogging: trail.isLogging,
      ...(trail.startLoggingTime === undefined
        ? {}
        : { startLoggingTime: new Date(trail.startLoggingTime).toISOString() }),
      ...(trail.stopLoggingTime === undefined
        ? {}
        : { stopLoggingTime: new Date(trail.stopLoggingTime).toISOString() }),
    },
  },
  tags: { ...trail.tags },
  configurationItemCaptureTime: new Date(trail.changedAt).toISOString(),
})

/**
 * The AWS::CloudTrail::Trail items of an account and Region. Config records a trail only in its home Region and
 * in the account that owns it, so multi-Region and organization trails appear once, where they were created.
 */
export const trailConfigurationItems = (
  store: SandboxStore,
  account: string,
  region: string,
): ReadonlyArray<ConfigurationItem> => {
  const state = store.accounts.get(account)?.regions[region]?.cloudtrail as CloudTrailState | undefined
  return Object.values(state?.trails ?? {}).map((trail) => trailItem(account, trail))
}
