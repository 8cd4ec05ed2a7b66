import type { ConfigurationItem, RuleEvaluation } from "@rampart/model"
import type { ManagedRule, RuleInput } from "./managed-rule.ts"

/*
 * Configuration items for the managed-rule tests. Each builder starts from a well-configured resource, recorded
 * the way AWS Config records it, so a test changes only the field it is about.
 */

export const accountId = "111122223333"
export const region = "eu-west-1"
export const kmsKeyArn = `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

type Configuration = Readonly<Record<string, unknown>>

interface ItemOptions {
  readonly resourceName?: string
  readonly arn?: string
  readonly tags?: Readonly<Record<string, string>>
  readonly supplementaryConfiguration?: Readonly<Record<string, unknown>>
}

/** Any recorded resource in the test account and Region. */
export const configurationItem = (
  resourceType: string,
  resourceId: string,
  configuration: Configuration,
  options: ItemOptions = {},
): ConfigurationItem => ({
  resourceType,
  resourceId,
  accountId,
  awsRegion: region,
  configuration,
  ...(options.resourceName === undefined ? {} : { resourceName: options.resourceName }),
  ...(options.arn === undefined ? {} : { arn: options.arn }),
  ...(options.tags === undefined ? {} : { tags: options.tags }),
  ...(options.supplementaryConfiguration === undefined
    ? {}
    : { supplementaryConfiguration: options.supplementaryConfiguration }),
})

/** A standalone PostgreSQL instance that every RDS instance rule finds compliant. */
export const dbInstance = (
  configuration: Configuration = {},
  options: ItemOptions = {},
): ConfigurationItem => {
  const name = options.resourceName ?? "orders-db"
  return configurationItem(
    "AWS::RDS::DBInstance",
    "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
    {
      dBInstanceIdentifier: name,
      dBInstanceArn: `arn:aws:rds:${region}:${accountId}:db:${name}`,
      dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
      dBInstanceStatus: "available",
      engine: "postgres",
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,
      backupRetentionPeriod: 7,
      preferredBackupWindow: "03:00-03:30",
      multiAZ: true,
      publiclyAccessible: false,
      deletionProtection: true,
      iAMDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      monitoringInterval: 60,
      autoMinorVersionUpgrade: true,
      ...configuration,
    },
    { resourceName: name, arn: `arn:aws:rds:${region}:${accountId}:db:${name}`, ...options },
  )
}

/** An Aurora PostgreSQL instance belonging to cluster `orders-cluster`. */
export const auroraInstance = (
  configuration: Configuration = {},
  options: ItemOptions = {},
): ConfigurationItem =>
  dbInstance(
    {
      engine: "aurora-postgresql",
      dBClusterIdentifier: "orders-cluster",
      multiAZ: false,
      deletionProtection: false,
      enabledCloudwatchLogsExports: ["postgresql"],
      ...configuration,
    },
    { resourceName: "orders-cluster-instance-1", ...options },
  )

/** An encrypted, deletion-protected Aurora cluster as Config records it (`dbclusterIdentifier`). */
export const dbCluster = (configuration: Configuration = {}): ConfigurationItem =>
  configurationItem(
    "AWS::RDS::DBCluster",
    "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2",
    {
      dbclusterIdentifier: "orders-cluster",
      engine: "aurora-postgresql",
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,
      deletionProtection: true,
      ...configuration,
    },
    { resourceName: "orders-cluster", arn: `arn:aws:rds:${region}:${accountId}:cluster:orders-cluster` },
  )

/** An encrypted manual DB snapshot shared with nobody. */
export const dbSnapshot = (configuration: Configuration = {}, options: ItemOptions = {}): ConfigurationItem =>
  configurationItem(
    "AWS::RDS::DBSnapshot",
    "orders-db-2026-01-01",
    {
      dBSnapshotIdentifier: "orders-db-2026-01-01",
      snapshotType: "manual",
      encrypted: true,
      ...configuration,
    },
    { resourceName: "orders-db-2026-01-01", ...options },
  )

/** An encrypted manual DB cluster snapshot shared with nobody. */
export const dbClusterSnapshot = (
  configuration: Configuration = {},
  options: ItemOptions = {},
): ConfigurationItem =>
  configurationItem(
    "AWS::RDS::DBClusterSnapshot",
    "orders-cluster-2026-01-01",
    {
      dbclusterSnapshotIdentifier: "orders-cluster-2026-01-01",
      snapshotType: "manual",
      storageEncrypted: true,
      ...configuration,
    },
    { resourceName: "orders-cluster-2026-01-01", ...options },
  )

/** An encrypted recovery point kept 35 days, recorded with the PascalCase keys of registry types. */
export const recoveryPoint = (configuration: Configuration = {}): ConfigurationItem =>
  configurationItem(
    "AWS::Backup::RecoveryPoint",
    "arn:aws:backup:eu-west-1:111122223333:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45",
    {
      BackupVaultName: "central",
      IsEncrypted: true,
      CreationDate: "2026-01-01T05:00:00.000Z",
      Lifecycle: { DeleteAfterDays: 35 },
      ...configuration,
    },
  )

/** A backup vault carrying `accessPolicy` (a policy document) in its configuration. */
export const backupVault = (accessPolicy?: unknown): ConfigurationItem =>
  configurationItem(
    "AWS::Backup::BackupVault",
    "central",
    { BackupVaultName: "central", ...(accessPolicy === undefined ? {} : { AccessPolicy: accessPolicy }) },
    { resourceName: "central" },
  )

/** A backup rule entry of a plan. */
export const backupRule = (
  ruleName: string,
  scheduleExpression: string | undefined,
  deleteAfterDays: number | undefined,
): Configuration => ({
  ruleName,
  ...(scheduleExpression === undefined ? {} : { scheduleExpression }),
  ...(deleteAfterDays === undefined ? {} : { lifecycle: { deleteAfterDays } }),
})

/** A backup plan with the given rules. */
export const backupPlan = (rules: ReadonlyArray<Configuration>): ConfigurationItem =>
  configurationItem(
    "AWS::Backup::BackupPlan",
    "plan-1",
    { backupPlan: { backupPlanName: "daily-35", backupPlanRule: rules } },
    { resourceName: "daily-35" },
  )

/** A backup selection of a plan (`resources`, `notResources`, `listOfTags`, `conditions`). */
export const backupSelection = (selection: Configuration, name = "rds"): ConfigurationItem =>
  configurationItem(
    "AWS::Backup::BackupSelection",
    `selection-${name}`,
    { backupPlanId: "plan-1", backupSelection: { selectionName: name, ...selection } },
    { resourceName: name },
  )

/** A logging trail delivering to `org-trail-logs`. */
export const trail = (configuration: Configuration = {}): ConfigurationItem =>
  configurationItem(
    "AWS::CloudTrail::Trail",
    "management-events",
    {
      name: "management-events",
      s3BucketName: "org-trail-logs",
      snsTopicARN: `arn:aws:sns:${region}:${accountId}:trail-events`,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:trail:*`,
      isMultiRegionTrail: true,
      ...configuration,
    },
    { resourceName: "management-events" },
  )

/** The account item periodic account-level rules are evaluated on. */
export const account = (): ConfigurationItem => configurationItem("AWS::::Account", accountId, {})

/** Evaluates `rule` on `item` with string parameters and the other recorded resources of the account+Region. */
export const evaluate = (
  rule: ManagedRule,
  item: ConfigurationItem,
  options: {
    readonly parameters?: Readonly<Record<string, string>>
    readonly inventory?: ReadonlyArray<ConfigurationItem>
  } = {},
): RuleEvaluation => {
  const input: RuleInput = {
    item,
    parameters: options.parameters ?? {},
    inventory: (resourceType) =>
      (options.inventory ?? []).filter((other) => other.resourceType === resourceType),
  }
  return rule.evaluate(input)
}
