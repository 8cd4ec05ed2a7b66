import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
} from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { testScenario } from "../../fixtures.test-support.ts"
import { startSandbox } from "../../sandbox.ts"
import { minutes, rdsClient } from "./rds.test-support.ts"

describe("RDS state across a restart", () => {
  it("keeps instances and snapshots, and their timelines continue on the restored clock", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-rds-"))
    const options = { scenario: testScenario, port: 0, stateDir }
    const first = await startSandbox(options)
    try {
      await rdsClient(first.url).send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "durable",
          DBInstanceClass: "db.t3.micro",
          Engine: "mysql",
        }),
      )
      first.parts.clock.advance(minutes(5))
      await rdsClient(first.url).send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: "durable",
          DBSnapshotIdentifier: "durable-snap",
        }),
      )
    } finally {
      await first.close()
    }
    const second = await startSandbox(options)
    try {
      expect(second.resumed).toBe(true)
      const client = rdsClient(second.url)
      const instance = (
        await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "durable" }))
      ).DBInstances?.[0]
      expect(instance).toMatchObject({ DBInstanceIdentifier: "durable", DBInstanceStatus: "available" })
      const snapshot = await client.send(
        new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "durable-snap" }),
      )
      expect(snapshot.DBSnapshots?.[0]?.Status).toBe("creating")
      second.parts.clock.advance(minutes(2))
      const later = await client.send(
        new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "durable-snap" }),
      )
      expect(later.DBSnapshots?.[0]?.Status).toBe("available")
    } finally {
      await second.close()
    }
  })
})
