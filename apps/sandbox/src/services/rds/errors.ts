import { ServiceError } from "../../service-error.ts"

/*
 * RDS's errors as the SDK maps them: the wire code (awsQueryError code in the SDK's schema, e.g.
 * `DBInstanceNotFound` for DBInstanceNotFoundFault) and its HTTP status. Messages follow AWS's wording and name
 * the field or resource at fault.
 */

/** A parameter value RDS refuses. */
export const invalidValue = (message: string): ServiceError =>
  new ServiceError("InvalidParameterValue", message)

/** Parameters that cannot go together (or one that needs another). */
export const invalidCombination = (message: string): ServiceError =>
  new ServiceError("InvalidParameterCombination", message)

/** A required parameter that is absent. */
export const missingParameter = (name: string): ServiceError =>
  new ServiceError("MissingParameter", `The request must contain the parameter ${name}`)

/** DBInstanceNotFoundFault (404). */
export const instanceNotFound = (id: string): ServiceError =>
  new ServiceError("DBInstanceNotFound", `DBInstance ${id} not found.`, { status: 404 })

/** DBClusterNotFoundFault (404). */
export const clusterNotFound = (id: string): ServiceError =>
  new ServiceError("DBClusterNotFoundFault", `DBCluster ${id} not found.`, { status: 404 })

/** DBSnapshotNotFoundFault (404). */
export const snapshotNotFound = (id: string): ServiceError =>
  new ServiceError("DBSnapshotNotFound", `DBSnapshot ${id} not found.`, { status: 404 })

/** DBClusterSnapshotNotFoundFault (404). */
export const clusterSnapshotNotFound = (id: string): ServiceError =>
  new ServiceError("DBClusterSnapshotNotFoundFault", `DBClusterSnapshot ${id} not found.`, { status: 404 })

/** DBInstanceAlreadyExistsFault. */
export const instanceAlreadyExists = (id: string): ServiceError =>
  new ServiceError("DBInstanceAlreadyExists", `DB instance ${id} already exists.`)

/** DBClusterAlreadyExistsFault. */
export const clusterAlreadyExists = (id: string): ServiceError =>
  new ServiceError("DBClusterAlreadyExistsFault", `DB Cluster ${id} already exists.`)

/** DBSnapshotAlreadyExistsFault. */
export const snapshotAlreadyExists = (id: string): ServiceError =>
  new ServiceError(
    "DBSnapshotAlreadyExists",
    `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`,
  )

/** DBClusterSnapshotAlreadyExistsFault. */
export const clusterSnapshotAlreadyExists = (id: string): ServiceError =>
  new ServiceError(
    "DBClusterSnapshotAlreadyExistsFault",
    `Cannot create the cluster snapshot because one with the identifier ${id} already exists.`,
  )

/** InvalidDBInstanceStateFault: the instance is not in the state the call needs. */
export const invalidInstanceState = (id: string, status: string, wanted = "available"): ServiceError =>
  new ServiceError(
    "InvalidDBInstanceState",
    `DB instance ${id} is in state ${status}; the operation needs it ${wanted}.`,
  )

/** InvalidDBClusterStateFault. */
export const invalidClusterState = (message: string): ServiceError =>
  new ServiceError("InvalidDBClusterStateFault", message)

/** InvalidDBSnapshotStateFault: the snapshot is still being created. */
export const invalidSnapshotState = (id: string, status: string): ServiceError =>
  new ServiceError("InvalidDBSnapshotState", `DBSnapshot ${id} is in state ${status}; it must be available.`)

/** InvalidDBClusterSnapshotStateFault. */
export const invalidClusterSnapshotState = (id: string, status: string): ServiceError =>
  new ServiceError(
    "InvalidDBClusterSnapshotStateFault",
    `DBClusterSnapshot ${id} is in state ${status}; it must be available.`,
  )

/** The wording AWS uses for a KMS key RDS cannot use. */
export const kmsKeyNotAccessible = (field: string, key: string): ServiceError =>
  new ServiceError(
    "KMSKeyNotAccessibleFault",
    `The specified KMS key [${key}] in ${field} does not exist, is not enabled or you do not have permissions to access it.`,
  )
