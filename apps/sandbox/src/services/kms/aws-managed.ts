import type { SandboxStore } from "../../state/store.ts"
import { type KeyPlace, type KeyRecord, kmsSlice, putAlias, putKey } from "./state.ts"

/** An AWS service that encrypts with its own AWS managed key (`alias/aws/<name>`). */
interface ManagedKeyService {
  /** What the key protects, in the description AWS gives the key. */
  readonly protects: string
  /** The service endpoint prefix in `kms:ViaService` (`rds` for `rds.us-east-1.amazonaws.com`). */
  readonly via: string
}

/** The AWS managed keys the sandbox knows, by the name after `alias/aws/`. */
export const awsManagedServices: Readonly<Record<string, ManagedKeyService>> = {
  rds: { protects: "my RDS database volumes", via: "rds" },
  backup: { protects: "my backups", via: "backup" },
  ebs: { protects: "my EBS volumes", via: "ec2" },
  s3: { protects: "my S3 objects", via: "s3" },
  secretsmanager: { protects: "my Secrets Manager data", via: "secretsmanager" },
  ssm: { protects: "my SSM parameters", via: "ssm" },
  lambda: { protects: "my Lambda functions", via: "lambda" },
  dynamodb: { protects: "my DynamoDB data", via: "dynamodb" },
  sns: { protects: "my SNS topics", via: "sns" },
  sqs: { protects: "my SQS queues", via: "sqs" },
  elasticfilesystem: { protects: "my EFS file systems", via: "elasticfilesystem" },
}

/** The service of an `alias/aws/<service>` name the sandbox knows, if it is one. */
export const awsManagedService = (aliasName: string): string | undefined => {
  const match = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName)
  return match && awsManagedServices[match[1] as string] ? match[1] : undefined
}

/**
 * The key policy AWS gives its managed keys: principals of the account may use the key only through the service
 * (`kms:ViaService`), and read its metadata directly. Nobody may change, disable or delete it.
 */
const awsManagedPolicy = (place: KeyPlace, service: ManagedKeyService): string =>
  JSON.stringify(
    {
      Version: "2012-10-17",
      Id: `auto-${service.via}-1`,
      Statement: [
        {
          Sid: `Allow access through ${service.via} for all principals in the account that are authorized to use it`,
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:CreateGrant",
            "kms:ListGrants",
            "kms:DescribeKey",
          ],
          Resource: "*",
          Condition: {
            StringEquals: {
              "kms:CallerAccount": place.account,
              "kms:ViaService": `${service.via}.${place.region}.amazonaws.com`,
            },
          },
        },
        {
          Sid: "Allow direct access to key metadata to the account",
          Effect: "Allow",
          Principal: { AWS: `arn:${place.partition}:iam::${place.account}:root` },
          Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
          Resource: "*",
        },
      ],
    },
    null,
    2,
  )

/**
 * The AWS managed key of a service in an account and region, created the first time it is asked for, as KMS does
 * when a service (or DescribeKey on its alias) first uses it. AWS rotates these keys every year.
 */
export const ensureAwsManagedKey = (
  store: SandboxStore,
  place: KeyPlace,
  serviceName: string,
  now: number,
): KeyRecord | undefined => {
  const service = awsManagedServices[serviceName]
  if (!service) return undefined
  const aliasName = `alias/aws/${serviceName}`
  const state = kmsSlice(store, place.account, place.region)
  const existing = state.aliases[aliasName]
  const current = existing ? state.keys[existing.targetKeyId] : undefined
  if (current) return current
  const key = putKey(
    store,
    place,
    {
      description: `Default key that protects ${service.protects} when no other key is defined`,
      keySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      keyManager: "AWS",
      multiRegion: false,
      policy: awsManagedPolicy(place, service),
      tags: [],
      rotation: { periodInDays: 365 },
    },
    now,
  )
  putAlias(store, place, aliasName, key.keyId, now)
  return key
}
