import type { DBInstance } from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import type { Capture } from "../capture.ts"
import { configurationItem } from "../private/configuration-item.ts"
import { recordedFields, tagsOf } from "../private/recorded.ts"

/** The Config resource type of an RDS DB instance. */
export const dbInstanceResourceType = "AWS::RDS::DBInstance"

/**
 * A DB instance as AWS Config records it: under its DbiResourceId (the identifier can be reused after a delete,
 * the resource id cannot), named by its identifier, the DescribeDBInstances shape with lowered first letters.
 */
export const dbInstanceItem = (instance: DBInstance, capture: Capture): ConfigurationItem =>
  configurationItem(
    {
      resourceType: dbInstanceResourceType,
      resourceId: instance.DbiResourceId ?? instance.DBInstanceIdentifier ?? "",
      resourceName: instance.DBInstanceIdentifier,
      arn: instance.DBInstanceArn,
      configuration: recordedFields(instance),
      tags: tagsOf(instance.TagList),
    },
    capture,
  )
