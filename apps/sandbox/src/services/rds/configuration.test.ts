import {
  CopyDBSnapshotCommand,
  CreateDBSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from "@aws-sdk/client-rds"
import { managedRuleByIdentifier } from "@rampart/catalog"
import type { ConfigurationItem } from "@rampart/model"
import { describe, expect, it } from "vitest"
import { rdsService } from "./index.ts"
import { minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"

const kmsKey = "arn:aws:kms:us-east-1:222222222222:key/12345678-90ab-4cde-8f01-234567890abc"

const sandbox = useRdsSandbox({
  resources: {
    kms: {
      keys: [
        {
          account: "222222222222",
          region: "us-east-1",
          id: "12345678-90ab-4cde-8f01-234567890abc",
          description: "Payments databases",
        },
      ],
    },
    rds: {
      clusters: [
        {
          account: "222222222222",
          id: "orders-aurora",
          engine: "aurora-postgresql",
          encrypted: true,
          backupRetention: 7,
          deletionProtection: true,
          iamAuth: true,
          logExports: ["postgresql"],
        },
        { account: "222222222222", id: "legacy-aurora", engine: "aurora-mysql" },
      ],
      instances: [
        { account: "222222222222", id: "plain-db", engine: "mysql", backupRetention: 0, public: true },
        {
          account: "222222222222",
          id: "secure-db",
          engine: "postgres",
          encrypted: true,
          kmsKeyId: kmsKey,
          backupRetention: 14,
          backupWindow: "02:00-02:30",
          multiAz: true,
          deletionProtection: true,
          iamAuth: true,
          logExports: ["postgresql", "upgrade"],
          monitoringInterval: 60,
          tags: { team: "payments" },
        },
        { account: "222222222222", id: "secure-replica", engine: "postgres", replicaOf: "secure-db" },
        { account: "222222222222", id: "orders-1", engine: "aurora-postgresql", cluster: "orders-aurora" },
        {
          account: "222222222222",
          id: "old-mysql",
          engine: "mysql",
          autoMinorVersionUpgrade: false,
          region: "eu-west-1",
        },
      ],
      snapshots: [
        { account: "222222222222", id: "plain-public", instance: "plain-db", public: true },
        { account: "222222222222", id: "secure-shared", instance: "secure-db", sharedWith: ["333333333333"] },
      ],
      clusterSnapshots: [
        { account: "222222222222", id: "legacy-nightly", cluster: "legacy-aurora", public: true },
      ],
    },
  },
})

const itemsNow = async (region = "us-east-1") => {
  const { parts } = await sandbox
  return rdsService.configurationItems?.(parts.store, "222222222222", region, parts.clock.now()) ?? []
}

const byName = (items: ReadonlyArray<ConfigurationItem>, name: string): ConfigurationItem => {
  const item = items.find((i) => i.resourceName === name)
  if (!item) throw new Error(`no configuration item named ${name}`)
  return item
}

/** What the catalog's offline model of a managed rule says about one item. */
const judge = (
  rule: string,
  items: ReadonlyArray<ConfigurationItem>,
  name: string,
  parameters: Record<string, string> = {},
): string => {
  const managed = managedRuleByIdentifier.get(rule)
  if (!managed) throw new Error(`no managed rule ${rule}`)
  return managed.evaluate({
    item: byName(items, name),
    parameters,
    inventory: (type) => items.filter((i) => i.resourceType === type),
  }).compliance
}

describe("RDS configuration items for AWS Config", () => {
  it("records instances, clusters and snapshots in Config's shape", async () => {
    const items = await itemsNow()
    const secure = byName(items, "secure-db")
    expect(secure).toMatchObject({
      resourceType: "AWS::RDS::DBInstance",
      resourceId: expect.stringMatching(/^db-[A-Z0-9]{26}$/),
      arn: "arn:aws:rds:us-east-1:222222222222:db:secure-db",
      accountId: "222222222222",
      awsRegion: "us-east-1",
      tags: { team: "payments" },
      configuration: {
        dBInstanceIdentifier: "secure-db",
        dBInstanceArn: "arn:aws:rds:us-east-1:222222222222:db:secure-db",
        dBInstanceStatus: "available",
        engine: "postgres",
        storageEncrypted: true,
        kmsKeyId: kmsKey,
        backupRetentionPeriod: 14,
        preferredBackupWindow: "02:00-02:30",
        multiAZ: true,
        publiclyAccessible: false,
        deletionProtection: true,
        iAMDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        monitoringInterval: 60,
        autoMinorVersionUpgrade: true,
        readReplicaDBInstanceIdentifiers: ["secure-replica"],
        endpoint: { port: 5432 },
      },
    })
    expect(secure.configuration.dbiResourceId).toBe(secure.resourceId)
    expect(typeof secure.configuration.instanceCreateTime).toBe("string")
    expect(byName(items, "secure-replica").configuration).toMatchObject({
      readReplicaSourceDBInstanceIdentifier: "secure-db",
      storageEncrypted: true,
      kmsKeyId: kmsKey,
    })
    expect(byName(items, "orders-1").configuration).toMatchObject({
      dBClusterIdentifier: "orders-aurora",
      storageEncrypted: true,
      backupRetentionPeriod: 7,
    })
    expect(byName(items, "orders-aurora")).toMatchObject({
      resourceType: "AWS::RDS::DBCluster",
      resourceId: expect.stringMatching(/^cluster-[A-Z0-9]{26}$/),
      configuration: {
        dBClusterIdentifier: "orders-aurora",
        storageEncrypted: true,
        deletionProtection: true,
      },
    })
    expect(byName(items, "plain-public")).toMatchObject({
      resourceType: "AWS::RDS::DBSnapshot",
      configuration: {
        dBSnapshotIdentifier: "plain-public",
        encrypted: false,
        snapshotType: "manual",
        status: "available",
      },
      supplementaryConfiguration: {
        DBSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["all"] }],
      },
    })
    expect(byName(items, "legacy-nightly")).toMatchObject({
      resourceType: "AWS::RDS::DBClusterSnapshot",
      configuration: { storageEncrypted: false },
      supplementaryConfiguration: {
        DBClusterSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["all"] }],
      },
    })
    expect((await itemsNow("eu-west-1")).map((i) => i.resourceName)).toEqual(["old-mysql"])
  })

  it("is judged correctly by the catalog's managed-rule evaluators", async () => {
    const items = await itemsNow()
    expect(judge("RDS_STORAGE_ENCRYPTED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_STORAGE_ENCRYPTED", items, "secure-db")).toBe("COMPLIANT")
    expect(
      judge("RDS_STORAGE_ENCRYPTED", items, "secure-db", {
        kmsKeyId: "12345678-90ab-4cde-8f01-234567890abc",
      }),
    ).toBe("COMPLIANT")
    expect(judge("RDS_STORAGE_ENCRYPTED", items, "orders-1")).toBe("COMPLIANT")
    expect(judge("DB_INSTANCE_BACKUP_ENABLED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("DB_INSTANCE_BACKUP_ENABLED", items, "secure-db", { backupRetentionMinimum: "7" })).toBe(
      "COMPLIANT",
    )
    expect(judge("DB_INSTANCE_BACKUP_ENABLED", items, "secure-replica", { checkReadReplicas: "false" })).toBe(
      "NOT_APPLICABLE",
    )
    expect(judge("DB_INSTANCE_BACKUP_ENABLED", items, "orders-1")).toBe("COMPLIANT")
    expect(judge("RDS_MULTI_AZ_SUPPORT", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_MULTI_AZ_SUPPORT", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_MULTI_AZ_SUPPORT", items, "orders-1")).toBe("NOT_APPLICABLE")
    expect(judge("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_INSTANCE_PUBLIC_ACCESS_CHECK", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", items, "orders-1")).toBe("NOT_APPLICABLE")
    expect(judge("RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", items, "orders-1")).toBe("COMPLIANT")
    expect(judge("RDS_LOGGING_ENABLED", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_LOGGING_ENABLED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_ENHANCED_MONITORING_ENABLED", items, "secure-db")).toBe("COMPLIANT")
    expect(judge("RDS_ENHANCED_MONITORING_ENABLED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED", items, "plain-db")).toBe("COMPLIANT")
    expect(judge("RDS_CLUSTER_ENCRYPTED_AT_REST", items, "orders-aurora")).toBe("COMPLIANT")
    expect(judge("RDS_CLUSTER_ENCRYPTED_AT_REST", items, "legacy-aurora")).toBe("NON_COMPLIANT")
    expect(judge("RDS_CLUSTER_DELETION_PROTECTION_ENABLED", items, "orders-aurora")).toBe("COMPLIANT")
    expect(judge("RDS_CLUSTER_DELETION_PROTECTION_ENABLED", items, "legacy-aurora")).toBe("NON_COMPLIANT")
    expect(judge("RDS_SNAPSHOT_ENCRYPTED", items, "plain-public")).toBe("NON_COMPLIANT")
    expect(judge("RDS_SNAPSHOT_ENCRYPTED", items, "secure-shared")).toBe("COMPLIANT")
    expect(judge("RDS_SNAPSHOT_ENCRYPTED", items, "legacy-nightly")).toBe("NON_COMPLIANT")
    expect(judge("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", items, "plain-public")).toBe("NON_COMPLIANT")
    expect(judge("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", items, "secure-shared")).toBe("COMPLIANT")
    expect(judge("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", items, "legacy-nightly")).toBe("NON_COMPLIANT")
    const eu = await itemsNow("eu-west-1")
    expect(judge("RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED", eu, "old-mysql")).toBe("NON_COMPLIANT")
  })

  it("turns an unencrypted instance's finding into a compliant replacement through snapshot, encrypted copy, restore", async () => {
    const { url, parts } = await sandbox
    const dev = rdsClient(url, { accessKeyId: "dev", secretAccessKey: "dev-secret" })
    await dev.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: "plain-db", DBSnapshotIdentifier: "plain-now" }),
    )
    parts.clock.advance(minutes(2))
    await dev.send(
      new CopyDBSnapshotCommand({
        SourceDBSnapshotIdentifier: "plain-now",
        TargetDBSnapshotIdentifier: "plain-now-enc",
        KmsKeyId: kmsKey,
      }),
    )
    parts.clock.advance(minutes(2))
    await dev.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: "plain-db-encrypted",
        DBSnapshotIdentifier: "plain-now-enc",
      }),
    )
    const creating = await itemsNow()
    expect(byName(creating, "plain-db-encrypted").configuration.dBInstanceStatus).toBe("creating")
    parts.clock.advance(minutes(5))
    const items = await itemsNow()
    expect(judge("RDS_STORAGE_ENCRYPTED", items, "plain-db-encrypted")).toBe("COMPLIANT")
    expect(judge("RDS_STORAGE_ENCRYPTED", items, "plain-db")).toBe("NON_COMPLIANT")
    expect(judge("RDS_SNAPSHOT_ENCRYPTED", items, "plain-now-enc")).toBe("COMPLIANT")
  })
})
