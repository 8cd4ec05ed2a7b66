import { evaluateRules } from "@rampart/catalog"
import { describe, expect, it } from "vitest"
import type { Capture } from "../capture.ts"
import { dbClusterItem } from "./rds-clusters.ts"
import { dbInstanceItem } from "./rds-instances.ts"

const capture: Capture = {
  accountId: "111122223333",
  awsRegion: "eu-west-1",
  time: "2026-01-02T03:04:05.000Z",
}

describe("dbInstanceItem", () => {
  const instance = {
    DBInstanceIdentifier: "orders",
    DbiResourceId: "db-ABCDEFGHIJKLMNOP",
    DBInstanceArn: "arn:aws:rds:eu-west-1:111122223333:db:orders",
    Engine: "postgres",
    StorageEncrypted: false,
    MultiAZ: true,
    IAMDatabaseAuthenticationEnabled: false,
    InstanceCreateTime: new Date("2025-06-01T10:00:00Z"),
    Endpoint: { Address: "orders.example.eu-west-1.rds.amazonaws.com", Port: 5432 },
    PendingModifiedValues: { MultiAZ: false },
    KmsKeyId: undefined,
    TagList: [{ Key: "team", Value: "orders" }],
  }

  it("records the instance under its resource id, in Config's field names, with its tags beside", () => {
    const item = dbInstanceItem(instance, capture)
    expect(item).toMatchObject({
      resourceType: "AWS::RDS::DBInstance",
      resourceId: "db-ABCDEFGHIJKLMNOP",
      resourceName: "orders",
      arn: "arn:aws:rds:eu-west-1:111122223333:db:orders",
      accountId: "111122223333",
      awsRegion: "eu-west-1",
      tags: { team: "orders" },
      configurationItemCaptureTime: "2026-01-02T03:04:05.000Z",
    })
    expect(item.configuration).toEqual({
      dBInstanceIdentifier: "orders",
      dbiResourceId: "db-ABCDEFGHIJKLMNOP",
      dBInstanceArn: "arn:aws:rds:eu-west-1:111122223333:db:orders",
      engine: "postgres",
      storageEncrypted: false,
      multiAZ: true,
      iAMDatabaseAuthenticationEnabled: false,
      instanceCreateTime: "2025-06-01T10:00:00.000Z",
      endpoint: { address: "orders.example.eu-west-1.rds.amazonaws.com", port: 5432 },
      pendingModifiedValues: { multiAZ: false },
    })
  })

  it("is judged by the catalog's evaluators as Config's item would be", () => {
    const { results } = evaluateRules(
      [
        dbInstanceItem(instance, capture),
        dbInstanceItem({ ...instance, StorageEncrypted: true, DbiResourceId: "db-2" }, capture),
      ],
      [{ name: "encrypted", sourceIdentifier: "RDS_STORAGE_ENCRYPTED", parameters: {} }],
    )
    expect(results.map((r) => [r.resourceId, r.compliance, r.capturedAt])).toEqual([
      ["db-ABCDEFGHIJKLMNOP", "NON_COMPLIANT", capture.time],
      ["db-2", "COMPLIANT", capture.time],
    ])
  })
})

describe("dbClusterItem", () => {
  it("records the cluster under its cluster resource id, named by its identifier", () => {
    const item = dbClusterItem(
      {
        DBClusterIdentifier: "search",
        DbClusterResourceId: "cluster-XYZ",
        DBClusterArn: "arn:aws:rds:eu-west-1:111122223333:cluster:search",
        StorageEncrypted: true,
        DeletionProtection: false,
        DBClusterMembers: [{ DBInstanceIdentifier: "search-1", IsClusterWriter: true }],
      },
      capture,
    )
    expect(item).toMatchObject({
      resourceType: "AWS::RDS::DBCluster",
      resourceId: "cluster-XYZ",
      resourceName: "search",
    })
    expect(item.configuration).toMatchObject({
      dBClusterIdentifier: "search",
      storageEncrypted: true,
      deletionProtection: false,
      dBClusterMembers: [{ dBInstanceIdentifier: "search-1", isClusterWriter: true }],
    })
    expect(item.tags).toEqual({})
  })
})
