import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  RestoreDBClusterFromSnapshotCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
} from "@aws-sdk/client-rds"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { describe, expect, it } from "vitest"
import { clientConfig, testScenario } from "../../fixtures.test-support.ts"
import { createClusterKeys, createInstanceKeys } from "./authorization.ts"
import { adminKey, devKey, minutes, rdsClient, useRdsSandbox } from "./rds.test-support.ts"

/** Rampart's own guardrail, with the pipeline role as the exempt principal. */
const guardrail = readFileSync(
  fileURLToPath(new URL("../../../../../policies/scp/deny-unencrypted-rds.json", import.meta.url)),
  "utf8",
).replaceAll('"{{exemptPrincipalArns}}"', '["arn:aws:iam::*:role/RampartPipeline"]')

const sandbox = useRdsSandbox({
  organization: {
    ...testScenario.organization,
    policies: [{ name: "deny-unencrypted-rds", content: guardrail, attach: ["/Workloads/Dev"] }],
  },
  roles: [
    {
      account: "222222222222",
      name: "RampartPipeline",
      trust: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" },
        ],
      },
      managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    },
  ],
})

const instance = (id: string, extra: Record<string, unknown> = {}) =>
  new CreateDBInstanceCommand({
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    ...extra,
  })

describe("RDS condition keys", () => {
  it("sets rds:StorageEncrypted only when the request carries it, and never for Aurora instances", () => {
    expect(createInstanceKeys({ Engine: "postgres" })).toEqual({ "rds:DatabaseEngine": "postgres" })
    expect(createInstanceKeys({ Engine: "MySQL", StorageEncrypted: "false" })).toEqual({
      "rds:DatabaseEngine": "mysql",
      "rds:StorageEncrypted": "false",
    })
    expect(createInstanceKeys({ Engine: "postgres", StorageEncrypted: "TRUE" })).toEqual({
      "rds:DatabaseEngine": "postgres",
      "rds:StorageEncrypted": "true",
    })
    expect(createInstanceKeys({ Engine: "aurora-mysql", StorageEncrypted: "true" })).toEqual({
      "rds:DatabaseEngine": "aurora-mysql",
    })
    expect(createClusterKeys({ Engine: "aurora-postgresql" })).toEqual({
      "rds:DatabaseEngine": "aurora-postgresql",
    })
    expect(createClusterKeys({ Engine: "aurora-postgresql", StorageEncrypted: "true" })).toEqual({
      "rds:DatabaseEngine": "aurora-postgresql",
      "rds:StorageEncrypted": "true",
    })
  })
})

describe("Rampart's deny-unencrypted-rds guardrail against the sandbox", () => {
  it("denies instances that are unencrypted or omit StorageEncrypted, and allows encrypted ones", async () => {
    const { url } = await sandbox
    const dev = rdsClient(url, devKey)
    const denied = {
      name: "AccessDenied",
      message: expect.stringContaining("with an explicit deny in a service control policy"),
      $metadata: { httpStatusCode: 403 },
    }
    await expect(dev.send(instance("no-flag"))).rejects.toMatchObject(denied)
    await expect(dev.send(instance("flag-false", { StorageEncrypted: false }))).rejects.toMatchObject(denied)
    await expect(dev.send(instance("flag-true", { StorageEncrypted: true }))).resolves.toMatchObject({
      DBInstance: { StorageEncrypted: true },
    })
    // The management account is outside the SCP's reach.
    await expect(rdsClient(url, adminKey).send(instance("mgmt-plain"))).resolves.toBeDefined()
  })

  it("denies clusters without StorageEncrypted=true, and leaves Aurora instances to their cluster", async () => {
    const { url, parts } = await sandbox
    const dev = rdsClient(url, devKey)
    await expect(
      dev.send(new CreateDBClusterCommand({ DBClusterIdentifier: "no-flag", Engine: "aurora-mysql" })),
    ).rejects.toMatchObject({ name: "AccessDenied" })
    await expect(
      dev.send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: "flag-false",
          Engine: "aurora-mysql",
          StorageEncrypted: false,
        }),
      ),
    ).rejects.toMatchObject({ name: "AccessDenied" })
    await dev.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: "aurora-enc",
        Engine: "aurora-mysql",
        StorageEncrypted: true,
      }),
    )
    parts.clock.advance(minutes(3))
    await expect(
      dev.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "aurora-enc-1",
          DBClusterIdentifier: "aurora-enc",
          DBInstanceClass: "db.r6g.large",
          Engine: "aurora-mysql",
        }),
      ),
    ).resolves.toMatchObject({ DBInstance: { StorageEncrypted: true } })
  })

  it("never denies restores from snapshots, which inherit the snapshot's encryption", async () => {
    const { url, parts } = await sandbox
    const dev = rdsClient(url, devKey)
    parts.clock.advance(minutes(5))
    await dev.send(
      new CreateDBSnapshotCommand({ DBInstanceIdentifier: "flag-true", DBSnapshotIdentifier: "enc-snap" }),
    )
    await dev.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: "aurora-enc",
        DBClusterSnapshotIdentifier: "aurora-snap",
      }),
    )
    parts.clock.advance(minutes(2))
    await expect(
      dev.send(
        new RestoreDBInstanceFromDBSnapshotCommand({
          DBInstanceIdentifier: "restored",
          DBSnapshotIdentifier: "enc-snap",
        }),
      ),
    ).resolves.toMatchObject({ DBInstance: { StorageEncrypted: true } })
    await expect(
      dev.send(
        new RestoreDBClusterFromSnapshotCommand({
          DBClusterIdentifier: "aurora-restored",
          SnapshotIdentifier: "aurora-snap",
          Engine: "aurora-mysql",
        }),
      ),
    ).resolves.toMatchObject({ DBCluster: { StorageEncrypted: true } })
  })

  it("exempts the pipeline role", async () => {
    const { url } = await sandbox
    const assumed = await new STSClient(clientConfig(url, adminKey)).send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::222222222222:role/RampartPipeline",
        RoleSessionName: "deploy",
      }),
    )
    const pipeline = rdsClient(url, {
      accessKeyId: assumed.Credentials?.AccessKeyId as string,
      secretAccessKey: assumed.Credentials?.SecretAccessKey as string,
      sessionToken: assumed.Credentials?.SessionToken as string,
    })
    await expect(pipeline.send(instance("pipeline-plain"))).resolves.toMatchObject({
      DBInstance: {
        DBInstanceArn: "arn:aws:rds:us-east-1:222222222222:db:pipeline-plain",
        StorageEncrypted: false,
      },
    })
  })

  it("records the refused and the allowed calls in CloudTrail", async () => {
    const { parts } = await sandbox
    const creates = parts.trail
      .events("222222222222", "us-east-1")
      .filter((event) => event.eventSource === "rds.amazonaws.com" && event.eventName === "CreateDBInstance")
    expect(
      creates.find(
        (event) =>
          event.errorCode === "AccessDenied" && event.requestParameters?.dBInstanceIdentifier === "no-flag",
      )?.requestParameters,
    ).toEqual({ dBInstanceIdentifier: "no-flag", dBInstanceClass: "db.t3.micro", engine: "postgres" })
    expect(
      creates.find(
        (event) =>
          event.errorCode === undefined && event.requestParameters?.dBInstanceIdentifier === "flag-true",
      )?.responseElements,
    ).toMatchObject({ dBInstance: { storageEncrypted: true } })
  })
})
