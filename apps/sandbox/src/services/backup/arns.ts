import type { Scope } from "./state.ts"

/*
 * AWS Backup's ARNs and the names Backup gives the resources it protects. Recovery points all get Backup's own
 * `recovery-point:ID` ARN here; AWS names some after the service's snapshot instead (an RDS recovery point is an
 * `rds:...:snapshot:awsbackup:job-...` ARN), which the sandbox does not imitate.
 */

type Where = Pick<Scope, "partition" | "region" | "account">

const prefix = (where: Where): string => `arn:${where.partition}:backup:${where.region}:${where.account}`

export const vaultArn = (where: Where, name: string): string => `${prefix(where)}:backup-vault:${name}`

export const planArn = (where: Where, id: string): string => `${prefix(where)}:backup-plan:${id}`

export const recoveryPointArn = (where: Where, id: string): string => `${prefix(where)}:recovery-point:${id}`

/** What Backup calls a protected resource, from its ARN; undefined for a resource Backup does not protect. */
export const protectedResourceOf = (arn: string): { type: string; name: string } | undefined => {
  const match = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:\d{0,12}:(.+)$/.exec(arn)
  if (!match) return undefined
  const service = match[1] as string
  const resource = match[2] as string
  const name =
    resource
      .split(/[:/]/)
      .filter((part) => part !== "")
      .at(-1) ?? resource
  const type = (() => {
    switch (service) {
      case "rds":
        return resource.startsWith("db:") ? "RDS" : resource.startsWith("cluster:") ? "Aurora" : undefined
      case "ec2":
        return resource.startsWith("volume/") ? "EBS" : resource.startsWith("instance/") ? "EC2" : undefined
      case "dynamodb":
        return resource.startsWith("table/") ? "DynamoDB" : undefined
      case "elasticfilesystem":
        return resource.startsWith("file-system/") ? "EFS" : undefined
      case "s3":
        return "S3"
      case "fsx":
        return "FSx"
      case "storagegateway":
        return "Storage Gateway"
      case "redshift":
        return resource.startsWith("cluster:") ? "Redshift" : undefined
      default:
        return undefined
    }
  })()
  return type === undefined ? undefined : { type, name }
}

/** An IAM role ARN, as Backup requires for the role it assumes. */
export const isRoleArn = (arn: string): boolean => /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)
