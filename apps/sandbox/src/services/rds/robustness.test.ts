import { describe, expect, it } from "vitest"
import { SandboxClock } from "../../clock.ts"
import { testScenario } from "../../fixtures.test-support.ts"
import type { CallContext, Input } from "../../operation.ts"
import { applyOrganization } from "../../scenario/apply-organization.ts"
import { ServiceError } from "../../service-error.ts"
import { SandboxStore } from "../../state/store.ts"
import { TrailRecorder } from "../../trail/recorder.ts"
import { seedKms } from "../kms/seed.ts"
import { rdsService } from "./index.ts"

/*
 * Handlers must never crash on what a client sends: every malformed value ends as an RDS error (ServiceError),
 * never as an InternalFailure. The awsQuery decoder hands handlers text, lists and nested objects, so each
 * parameter is tried with each of those shapes, on top of inputs that are otherwise valid.
 */

const context = (): CallContext => {
  const now = Date.now()
  const store = new SandboxStore({ clock: now })
  applyOrganization(store, testScenario, now)
  const seedContext = { store, now, partition: "aws", regions: testScenario.regions }
  // The key that `valid.KmsKeyId` names, so that valid inputs get past the key check.
  seedKms({ keys: [{ account: "999999999999", region: "us-east-1", aliases: ["alias/k"] }] }, seedContext)
  rdsService.seed?.(
    {
      clusters: [{ account: "999999999999", id: "c1", engine: "aurora-mysql", encrypted: true }],
      instances: [
        { account: "999999999999", id: "db1", engine: "mysql" },
        { account: "999999999999", id: "m1", engine: "aurora-mysql", cluster: "c1" },
      ],
      snapshots: [{ account: "999999999999", id: "s1", instance: "db1" }],
      clusterSnapshots: [{ account: "999999999999", id: "cs1", cluster: "c1" }],
    },
    seedContext,
  )
  const credential = store.credentials.get("test")
  if (!credential) throw new Error("the test scenario has no test key")
  return {
    caller: credential.principal,
    account: "999999999999",
    region: "us-east-1",
    partition: "aws",
    requestId: "robustness",
    store,
    clock: new SandboxClock({ start: now }),
    accessKeyId: "test",
    trail: new TrailRecorder(),
    services: [rdsService],
  }
}

/** Valid values for every parameter the operations read, pointing at the seeded resources. */
const valid: Input = {
  DBInstanceIdentifier: "db1",
  DBClusterIdentifier: "c1",
  DBSnapshotIdentifier: "s1",
  DBClusterSnapshotIdentifier: "cs1",
  SourceDBSnapshotIdentifier: "s1",
  TargetDBSnapshotIdentifier: "s-copy",
  SourceDBClusterSnapshotIdentifier: "cs1",
  TargetDBClusterSnapshotIdentifier: "cs-copy",
  SnapshotIdentifier: "cs1",
  Engine: "mysql",
  DBInstanceClass: "db.t3.micro",
  StorageEncrypted: "true",
  KmsKeyId: "alias/k",
  Tags: [{ Key: "k", Value: "v" }],
  Filters: [{ Name: "engine", Values: ["mysql"] }],
  MaxRecords: "20",
  BackupRetentionPeriod: "7",
  PreferredBackupWindow: "03:00-03:30",
  PreferredMaintenanceWindow: "mon:05:00-mon:05:30",
  MultiAZ: "true",
  PubliclyAccessible: "false",
  DeletionProtection: "false",
  EnableIAMDatabaseAuthentication: "true",
  CloudwatchLogsExportConfiguration: { EnableLogTypes: ["error"] },
  EnableCloudwatchLogsExports: ["error"],
  MonitoringInterval: "60",
  MonitoringRoleArn: "arn:aws:iam::999999999999:role/monitoring",
  AutoMinorVersionUpgrade: "true",
  ApplyImmediately: "true",
  SkipFinalSnapshot: "true",
  AttributeName: "restore",
  ValuesToAdd: ["111111111111"],
  ValuesToRemove: ["222222222222"],
  ResourceName: "arn:aws:rds:us-east-1:999999999999:db:db1",
  TagKeys: ["k"],
  TargetDBInstanceIdentifier: "m1",
  VpcSecurityGroupIds: ["sg-1"],
  AllocatedStorage: "20",
  Port: "3306",
  SnapshotType: "manual",
  IncludeShared: "true",
  IncludePublic: "true",
  CopyTags: "true",
  PromotionTier: "1",
}

const garbage: ReadonlyArray<unknown> = [
  "",
  "garbage",
  "-1",
  "1e400",
  ["a", "b"],
  [{ Key: 1 }],
  { nested: { deeper: ["x"] } },
  [[]],
  "arn:aws:rds:us-east-1:999999999999:db:",
  "arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:x",
  "constructor",
  "__proto__",
  "arn:aws:rds:us-east-1:999999999999:db:constructor",
]

describe("RDS handlers on malformed input", () => {
  it("answer every malformed parameter with an RDS error, never a crash", () => {
    let calls = 0
    for (const base of [{}, valid]) {
      const ctx = context()
      for (const operation of rdsService.operations) {
        for (const field of Object.keys(valid)) {
          for (const value of garbage) {
            const input: Input = { ...base, [field]: value }
            for (const step of [operation.resource, operation.conditionKeys, operation.handle]) {
              if (!step) continue
              calls++
              try {
                step(input, ctx)
              } catch (error) {
                if (!(error instanceof ServiceError))
                  throw new Error(
                    `${operation.name} crashed on ${field}=${JSON.stringify(value)}: ${String(error)}`,
                  )
                expect(error.status).toBeLessThan(500)
              }
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(10_000)
  })
})
