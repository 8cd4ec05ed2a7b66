import type { ConfigurationItem } from "@rampart/model"
import { asText, configField } from "./configuration.ts"

/** The DB engine recorded on an RDS instance, cluster or snapshot, lower-cased (`mysql`, `aurora-postgresql`). */
export const engineOf = (item: ConfigurationItem): string | undefined =>
  asText(configField(item, "engine"))?.toLowerCase()

/** Aurora engines (`aurora`, `aurora-mysql`, `aurora-postgresql`) keep storage, backups and more at cluster level. */
export const isAuroraEngine = (engine: string | undefined): boolean => engine?.startsWith("aurora") ?? false

/** The cluster an instance belongs to (Aurora, Multi-AZ DB cluster, DocumentDB, Neptune), if any. */
export const clusterIdentifierOf = (item: ConfigurationItem): string | undefined =>
  asText(configField(item, "dBClusterIdentifier", "dbClusterIdentifier", "dbclusterIdentifier"))

/** The source instance (or cluster) a read replica replicates from, if the instance is one. */
export const replicaSourceOf = (item: ConfigurationItem): string | undefined =>
  asText(configField(item, "readReplicaSourceDBInstanceIdentifier")) ??
  asText(configField(item, "readReplicaSourceDBClusterIdentifier"))

/**
 * Instance states in which several managed rules evaluate an instance; AWS documents instances in any other
 * state as NOT_APPLICABLE for RDS_LOGGING_ENABLED and RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED.
 */
export const evaluatedInstanceStatuses: ReadonlyArray<string> = [
  "available",
  "backing-up",
  "storage-optimization",
  "storage-full",
]

/** The recorded instance status when it is one the status-sensitive rules skip; undefined when evaluable or unrecorded. */
export const skippedInstanceStatus = (item: ConfigurationItem): string | undefined => {
  const status = asText(configField(item, "dBInstanceStatus", "dbInstanceStatus"))?.toLowerCase()
  return status !== undefined && !evaluatedInstanceStatuses.includes(status) ? status : undefined
}
