/*
 * The few places where IAM action names and AWS SDK operation names differ, for the services the linter covers.
 * service-actions.json is generated from SDK operations; these two tables correct it at check time.
 *
 * Keep both tables small and sourced: add an entry only after checking it in the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/) or the service's own permission table, and
 * name the page. A missing entry makes the linter warn about a real action (a false warning, never a silent pass).
 */

/** A real IAM action and the AWS page that documents it. */
export interface DocumentedAction {
  readonly action: string
  readonly source: string
}

const s3Permissions =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html"
const s3Actions = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html"

/**
 * IAM actions that no operation of the covered SDK clients is named after: permissions checked on behalf of
 * another operation (`iam:PassRole`, `sts:TagSession`), version-specific S3 permissions, and S3 Control
 * operations (their client is not among the generator's).
 */
export const permissionOnlyActions: ReadonlyArray<DocumentedAction> = [
  {
    action: "iam:PassRole",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
  },
  {
    action: "sts:TagSession",
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required",
  },
  {
    action: "sts:SetSourceIdentity",
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html",
  },
  {
    action: "sts:SetContext",
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_sts-setcontext.html",
  },
  // ReEncrypt is authorized twice: ReEncryptFrom on the source key, ReEncryptTo on the destination key.
  {
    action: "kms:ReEncryptFrom",
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html",
  },
  {
    action: "kms:ReEncryptTo",
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html",
  },
  {
    action: "backup:CopyIntoBackupVault",
    source: "https://repost.aws/knowledge-center/backup-resolve-access-denied-error",
  },
  { action: "s3:ListBucket", source: s3Permissions },
  { action: "s3:ListAllMyBuckets", source: s3Permissions },
  { action: "s3:ListBucketVersions", source: s3Permissions },
  { action: "s3:ListBucketMultipartUploads", source: s3Permissions },
  { action: "s3:ListMultipartUploadParts", source: s3Permissions },
  { action: "s3:GetObjectVersion", source: s3Permissions },
  { action: "s3:DeleteObjectVersion", source: s3Permissions },
  { action: "s3:GetObjectVersionAttributes", source: s3Permissions },
  { action: "s3:GetObjectVersionTagging", source: s3Permissions },
  { action: "s3:PutObjectVersionTagging", source: s3Permissions },
  { action: "s3:DeleteObjectVersionTagging", source: s3Permissions },
  { action: "s3:BypassGovernanceRetention", source: s3Permissions },
  { action: "s3:GetEncryptionConfiguration", source: s3Permissions },
  { action: "s3:PutEncryptionConfiguration", source: s3Permissions },
  { action: "s3:GetLifecycleConfiguration", source: s3Permissions },
  { action: "s3:PutLifecycleConfiguration", source: s3Permissions },
  { action: "s3:GetReplicationConfiguration", source: s3Permissions },
  { action: "s3:PutReplicationConfiguration", source: s3Permissions },
  { action: "s3:GetBucketObjectLockConfiguration", source: s3Permissions },
  { action: "s3:PutBucketObjectLockConfiguration", source: s3Permissions },
  { action: "s3:GetBucketPublicAccessBlock", source: s3Permissions },
  { action: "s3:PutBucketPublicAccessBlock", source: s3Permissions },
  { action: "s3:GetBucketNotification", source: s3Permissions },
  { action: "s3:PutBucketNotification", source: s3Permissions },
  { action: "s3:GetAccelerateConfiguration", source: s3Permissions },
  { action: "s3:PutAccelerateConfiguration", source: s3Permissions },
  { action: "s3:GetAnalyticsConfiguration", source: s3Permissions },
  { action: "s3:PutAnalyticsConfiguration", source: s3Permissions },
  { action: "s3:GetInventoryConfiguration", source: s3Permissions },
  { action: "s3:PutInventoryConfiguration", source: s3Permissions },
  { action: "s3:GetMetricsConfiguration", source: s3Permissions },
  { action: "s3:PutMetricsConfiguration", source: s3Permissions },
  { action: "s3:PutIntelligentTieringConfiguration", source: s3Permissions },
  // S3 Control operations: IAM names them under the s3 prefix.
  { action: "s3:GetAccountPublicAccessBlock", source: s3Actions },
  { action: "s3:PutAccountPublicAccessBlock", source: s3Actions },
]

/**
 * SDK operations that are not IAM actions: the operation is authorized by differently named actions. An SCP
 * that names the operation matches nothing, so the linter reports it and suggests the real action.
 */
export const operationsAuthorizedBy: Readonly<Record<string, ReadonlyArray<string>>> = {
  "kms:ReEncrypt": ["kms:ReEncryptFrom", "kms:ReEncryptTo"],
  "s3:ListObjects": ["s3:ListBucket"],
  "s3:ListObjectsV2": ["s3:ListBucket"],
  "s3:HeadBucket": ["s3:ListBucket"],
  "s3:HeadObject": ["s3:GetObject"],
  "s3:DeleteObjects": ["s3:DeleteObject"],
  "s3:ListBuckets": ["s3:ListAllMyBuckets"],
  "s3:ListObjectVersions": ["s3:ListBucketVersions"],
  "s3:ListMultipartUploads": ["s3:ListBucketMultipartUploads"],
  "s3:ListParts": ["s3:ListMultipartUploadParts"],
  "s3:CreateMultipartUpload": ["s3:PutObject"],
  "s3:UploadPart": ["s3:PutObject"],
  "s3:UploadPartCopy": ["s3:PutObject", "s3:GetObject"],
  "s3:CompleteMultipartUpload": ["s3:PutObject"],
  "s3:CopyObject": ["s3:PutObject", "s3:GetObject"],
  "s3:SelectObjectContent": ["s3:GetObject"],
  "s3:GetBucketEncryption": ["s3:GetEncryptionConfiguration"],
  "s3:PutBucketEncryption": ["s3:PutEncryptionConfiguration"],
  "s3:GetBucketLifecycleConfiguration": ["s3:GetLifecycleConfiguration"],
  "s3:PutBucketLifecycleConfiguration": ["s3:PutLifecycleConfiguration"],
  "s3:GetBucketReplication": ["s3:GetReplicationConfiguration"],
  "s3:PutBucketReplication": ["s3:PutReplicationConfiguration"],
  "s3:GetObjectLockConfiguration": ["s3:GetBucketObjectLockConfiguration"],
  "s3:PutObjectLockConfiguration": ["s3:PutBucketObjectLockConfiguration"],
  "s3:GetPublicAccessBlock": ["s3:GetBucketPublicAccessBlock"],
  "s3:PutPublicAccessBlock": ["s3:PutBucketPublicAccessBlock"],
}
