import type { GetTrailStatusResponse, Trail } from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import { recorded } from "@rampart/model"
import type { Capture } from "../capture.ts"
import { configurationItem } from "../private/configuration-item.ts"
import { recordedFields } from "../private/recorded.ts"

/** The Config resource type of a CloudTrail trail. */
export const trailResourceType = "AWS::CloudTrail::Trail"

/** The account in a trail's ARN (`arn:aws:cloudtrail:eu-west-1:111122223333:trail/name`). */
const ownerOf = (trail: Trail): string | undefined => trail.TrailARN?.split(":")[4]

/**
 * Whether Config records this trail in the capture's account and Region. DescribeTrails also lists shadow
 * trails (multi-Region trails homed in another Region, and the organization trail the management account owns);
 * Config records a trail once, in its home Region and in the account that owns it.
 */
export const isRecordedIn = (trail: Trail, capture: Capture): boolean =>
  trail.HomeRegion === capture.awsRegion && ownerOf(trail) === capture.accountId

/**
 * A trail as AWS Config records it, under its name: the DescribeTrails shape with lowered first letters
 * (`s3BucketName`, `snsTopicARN`, `isMultiRegionTrail`), and its status (`isLogging`) in
 * `supplementaryConfiguration.TrailStatus`.
 */
export const trailItem = (
  trail: Trail,
  status: GetTrailStatusResponse,
  capture: Capture,
): ConfigurationItem =>
  configurationItem(
    {
      resourceType: trailResourceType,
      resourceId: trail.Name ?? "",
      resourceName: trail.Name,
      arn: trail.TrailARN,
      configuration: recordedFields(trail),
      supplementaryConfiguration: { TrailStatus: recorded(status) },
    },
    capture,
  )
