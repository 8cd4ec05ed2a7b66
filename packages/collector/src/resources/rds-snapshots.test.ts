import { evaluateRules } from "@rampart/catalog"
import { describe, expect, it } from "vitest"
import type { Capture } from "../capture.ts"
import {
  dbClusterSnapshotItem,
  dbSnapshotItem,
  hasSharingAttributes,
  unsharedAttributes,
} from "./rds-snapshots.ts"

const capture: Capture = {
  accountId: "111122223333",
  awsRegion: "eu-west-1",
  time: "2026-01-02T03:04:05.000Z",
}

const rule = (identifier: string) => ({ name: identifier, sourceIdentifier: identifier, parameters: {} })

describe("dbSnapshotItem and dbClusterSnapshotItem", () => {
  const publicSnapshot = dbSnapshotItem(
    { DBSnapshotIdentifier: "orders-final", SnapshotType: "manual", Encrypted: false },
    [{ AttributeName: "restore", AttributeValues: ["all"] }],
    capture,
  )
  const sharedClusterSnapshot = dbClusterSnapshotItem(
    { DBClusterSnapshotIdentifier: "search-copy", SnapshotType: "manual", StorageEncrypted: true },
    [{ AttributeName: "restore", AttributeValues: ["444455556666"] }],
    capture,
  )

  it("records who may restore the snapshot in supplementaryConfiguration, as Config does", () => {
    expect(publicSnapshot).toMatchObject({
      resourceType: "AWS::RDS::DBSnapshot",
      resourceId: "orders-final",
      supplementaryConfiguration: {
        DBSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["all"] }],
      },
    })
    expect(sharedClusterSnapshot).toMatchObject({
      resourceType: "AWS::RDS::DBClusterSnapshot",
      resourceId: "search-copy",
      supplementaryConfiguration: {
        DBClusterSnapshotAttributes: [{ attributeName: "restore", attributeValues: ["444455556666"] }],
      },
    })
  })

  it("is judged public or not, encrypted or not, by the catalog's evaluators", () => {
    const { results } = evaluateRules(
      [publicSnapshot, sharedClusterSnapshot],
      [rule("RDS_SNAPSHOTS_PUBLIC_PROHIBITED"), rule("RDS_SNAPSHOT_ENCRYPTED")],
    )
    expect(results.map((r) => [r.ruleName, r.resourceId, r.compliance])).toEqual([
      ["RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "orders-final", "NON_COMPLIANT"],
      ["RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "search-copy", "COMPLIANT"],
      ["RDS_SNAPSHOT_ENCRYPTED", "orders-final", "NON_COMPLIANT"],
      ["RDS_SNAPSHOT_ENCRYPTED", "search-copy", "COMPLIANT"],
    ])
  })

  it("asks no attributes of automated snapshots, which cannot be shared", () => {
    expect(hasSharingAttributes("automated")).toBe(false)
    expect(hasSharingAttributes("manual")).toBe(true)
    expect(hasSharingAttributes(undefined)).toBe(true)
    const automated = dbSnapshotItem(
      { DBSnapshotIdentifier: "rds:orders-2026-01-01" },
      unsharedAttributes,
      capture,
    )
    expect(evaluateRules([automated], [rule("RDS_SNAPSHOTS_PUBLIC_PROHIBITED")]).results[0]?.compliance).toBe(
      "COMPLIANT",
    )
  })
})
