import type {
  AccountRecord,
  OrganizationalUnitRecord,
  OrganizationState,
  PolicyRecord,
} from "../../state/organization.ts"
import { seconds } from "./access.ts"

/** How Organizations describes each thing on the wire. */
export const accountShape = (a: AccountRecord) => ({
  Id: a.id,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: a.status,
  State: a.status,
  JoinedMethod: a.joinedMethod,
  JoinedTimestamp: seconds(a.joinedTimestamp),
})

export const ouShape = (ou: OrganizationalUnitRecord) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name })

export const rootShape = (org: OrganizationState) => ({
  Id: org.rootId,
  Arn: org.rootArn,
  Name: "Root",
  PolicyTypes: org.enabledPolicyTypes.map((Type) => ({ Type, Status: "ENABLED" })),
})

export const policySummaryShape = (p: PolicyRecord) => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
})

export const organizationShape = (org: OrganizationState) => ({
  Id: org.id,
  Arn: org.arn,
  FeatureSet: "ALL",
  MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
  MasterAccountId: org.managementAccountId,
  MasterAccountEmail: org.managementAccountEmail,
  AvailablePolicyTypes: [
    {
      Type: "SERVICE_CONTROL_POLICY",
      Status: org.enabledPolicyTypes.includes("SERVICE_CONTROL_POLICY") ? "ENABLED" : "DISABLED",
    },
  ],
})

/** What kind of thing an id names, as Organizations spells target types. */
export const targetType = (
  org: OrganizationState,
  id: string,
): "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT" | undefined =>
  id === org.rootId ? "ROOT" : org.ous[id] ? "ORGANIZATIONAL_UNIT" : org.accounts[id] ? "ACCOUNT" : undefined
