import {
  type EventFacts,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

/** S3 operations authorized by an action of another name. */
const actionOfOperation: Readonly<Record<string, string>> = {
  CompleteMultipartUpload: "PutObject",
  CopyObject: "PutObject",
  CreateMultipartUpload: "PutObject",
  UploadPart: "PutObject",
  UploadPartCopy: "PutObject",
  DeleteObjects: "DeleteObject",
  HeadObject: "GetObject",
  HeadBucket: "ListBucket",
  ListObjects: "ListBucket",
  ListObjectsV2: "ListBucket",
  ListObjectVersions: "ListBucketVersions",
  ListBuckets: "ListAllMyBuckets",
  ListMultipartUploads: "ListBucketMultipartUploads",
  ListParts: "ListMultipartUploadParts",
  GetBucketEncryption: "GetEncryptionConfiguration",
  PutBucketEncryption: "PutEncryptionConfiguration",
  DeleteBucketEncryption: "PutEncryptionConfiguration",
  GetBucketLifecycle: "GetLifecycleConfiguration",
  GetBucketLifecycleConfiguration: "GetLifecycleConfiguration",
  PutBucketLifecycle: "PutLifecycleConfiguration",
  PutBucketLifecycleConfiguration: "PutLifecycleConfiguration",
  DeleteBucketLifecycle: "PutLifecycleConfiguration",
  GetBucketReplication: "GetReplicationConfiguration",
  PutBucketReplication: "PutReplicationConfiguration",
  DeleteBucketReplication: "PutReplicationConfiguration",
  DeleteBucketTagging: "PutBucketTagging",
  GetBucketCors: "GetBucketCORS",
  PutBucketCors: "PutBucketCORS",
  DeleteBucketCors: "PutBucketCORS",
  GetBucketNotificationConfiguration: "GetBucketNotification",
  PutBucketNotificationConfiguration: "PutBucketNotification",
  GetBucketAccelerateConfiguration: "GetAccelerateConfiguration",
  PutBucketAccelerateConfiguration: "PutAccelerateConfiguration",
  DeleteBucketPublicAccessBlock: "PutBucketPublicAccessBlock",
  DeleteBucketOwnershipControls: "PutBucketOwnershipControls",
}

/** Operations on objects, whose resource is `arn:PARTITION:s3:::BUCKET/KEY`. */
const objectActions = new Set(["GetObject", "PutObject", "DeleteObject", "GetObjectAcl", "PutObjectAcl"])

/**
 * S3: event names that are operations rather than actions (`ListObjectsV2` is authorized as `ListBucket`), and
 * the bucket or object ARN from `bucketName` and `key`.
 */
export const s3: ServiceKnowledge = {
  prefix: "s3",
  eventSources: ["s3.amazonaws.com"],
  actionName: (eventName) => actionOfOperation[eventName] ?? eventName,
  details: (facts: EventFacts): RequestDetails => {
    const parameters = parametersOf(facts.parameters)
    const bucket = parameters && textParameter(parameters, "bucketName")
    if (parameters === undefined || bucket === undefined) return {}
    const key = objectActions.has(facts.action) ? textParameter(parameters, "key") : undefined
    return { resource: `arn:${facts.partition}:s3:::${bucket}${key === undefined ? "" : `/${key}`}` }
  },
}
