import type { CloudTrailEvent } from "../../trail/cloudtrail-event.ts"

/** A resource an event names, as LookupEvents lists it. */
export interface EventResource {
  readonly ResourceType: string
  readonly ResourceName: string
}

/**
 * Request parameters that name a resource, and the resource type CloudTrail reports for them. CloudTrail knows
 * this per API; the sandbox knows it for the parameters of the services it emulates.
 */
const parameterTypes: Readonly<Record<string, string>> = {
  dBInstanceIdentifier: "AWS::RDS::DBInstance",
  dBClusterIdentifier: "AWS::RDS::DBCluster",
  dBSnapshotIdentifier: "AWS::RDS::DBSnapshot",
  dBClusterSnapshotIdentifier: "AWS::RDS::DBClusterSnapshot",
  sourceDBSnapshotIdentifier: "AWS::RDS::DBSnapshot",
  targetDBSnapshotIdentifier: "AWS::RDS::DBSnapshot",
  backupVaultName: "AWS::Backup::BackupVault",
  backupPlanId: "AWS::Backup::BackupPlan",
  configRuleName: "AWS::Config::ConfigRule",
  conformancePackName: "AWS::Config::ConformancePack",
  organizationConformancePackName: "AWS::Config::OrganizationConformancePack",
  configurationAggregatorName: "AWS::Config::ConfigurationAggregator",
  roleName: "AWS::IAM::Role",
  roleArn: "AWS::IAM::Role",
  policyArn: "AWS::IAM::Policy",
  policyId: "AWS::Organizations::Policy",
  keyId: "AWS::KMS::Key",
  trailName: "AWS::CloudTrail::Trail",
}

/** The resources an event names (from its request parameters), for LookupEvents' `Resources`. */
export const eventResources = (event: CloudTrailEvent): ReadonlyArray<EventResource> => {
  const parameters = event.requestParameters ?? {}
  const resources: EventResource[] = []
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== "string" || value === "") continue
    const type =
      parameterTypes[key] ??
      (event.eventSource === "cloudtrail.amazonaws.com" && key === "name"
        ? "AWS::CloudTrail::Trail"
        : undefined)
    if (type !== undefined) resources.push({ ResourceType: type, ResourceName: value })
  }
  return resources
}
