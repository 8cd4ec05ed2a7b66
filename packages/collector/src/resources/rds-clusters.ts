import type { DBCluster } from "@rampart/aws"
import type { ConfigurationItem } from "@rampart/model"
import type { Capture } from "../capture.ts"
import { configurationItem } from "../private/configuration-item.ts"
import { recordedFields, tagsOf } from "../private/recorded.ts"

/** The Config resource type of an RDS DB cluster (Aurora, Multi-AZ DB cluster). */
export const dbClusterResourceType = "AWS::RDS::DBCluster"

/**
 * A DB cluster as AWS Config records it: under its DbClusterResourceId, named by its identifier, the
 * DescribeDBClusters shape with lowered first letters.
 */
export const dbClusterItem = (cluster: DBCluster, capture: Capture): ConfigurationItem =>
  configurationItem(
    {
      resourceType: dbClusterResourceType,
      resourceId: cluster.DbClusterResourceId ?? cluster.DBClusterIdentifier ?? "",
      resourceName: cluster.DBClusterIdentifier,
      arn: cluster.DBClusterArn,
      configuration: recordedFields(cluster),
      tags: tagsOf(cluster.TagList),
    },
    capture,
  )
