import type { ServiceDefinition } from "../../operation.ts"
import { clusterSnapshotOperations } from "./cluster-snapshots.ts"
import { clusterOperations } from "./clusters.ts"
import { rdsConfigurationItems } from "./configuration.ts"
import { instanceOperations } from "./instances.ts"
import { seedRds } from "./seed.ts"
import { snapshotAttributeOperations } from "./snapshot-attributes.ts"
import { snapshotOperations } from "./snapshots.ts"
import { tagOperations } from "./tags.ts"

/** How long each RDS step takes on the simulated clock (for tests and scenario authors). */
export { rdsTimings } from "./lifecycle.ts"

/**
 * Amazon RDS: awsQuery (API version 2014-10-31) with XML answers, regional. DB instances, Aurora clusters, DB and
 * DB cluster snapshots (with sharing and the encrypt-by-snapshot path), failovers and tags, with statuses that move
 * on the simulated clock. Also loads `resources.rds` of a scenario and reports its resources to AWS Config.
 */
export const rdsService: ServiceDefinition = {
  signingName: "rds",
  actionPrefix: "rds",
  eventSource: "rds.amazonaws.com",
  protocol: "awsQuery",
  xmlNamespace: "http://rds.amazonaws.com/doc/2014-10-31/",
  operations: [
    ...instanceOperations,
    ...clusterOperations,
    ...snapshotOperations,
    ...clusterSnapshotOperations,
    ...snapshotAttributeOperations,
    ...tagOperations,
  ],
  seed: seedRds,
  configurationItems: rdsConfigurationItems,
}
