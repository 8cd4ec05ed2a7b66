import { Schema } from "effect"

const AccountId = Schema.String.check(
  Schema.isPattern(/^\d{12}$/u, { expected: "a 12-digit account id in quotes" }),
)

const Account = Schema.Struct({
  id: AccountId,
  name: Schema.String,
  email: Schema.optionalKey(Schema.String),
})

/** An OU and what it holds, nested. */
export interface OuNode {
  readonly ou: string
  readonly accounts?: ReadonlyArray<typeof Account.Type>
  readonly children?: ReadonlyArray<OuNode>
}
const OuNode: Schema.Codec<OuNode> = Schema.Struct({
  ou: Schema.String,
  accounts: Schema.optionalKey(Schema.Array(Account)),
  children: Schema.optionalKey(Schema.Array(Schema.suspend((): Schema.Codec<OuNode> => OuNode))),
})

const PolicyDocument = Schema.Union([Schema.String, Schema.Record(Schema.String, Schema.Unknown)])

const Role = Schema.Struct({
  account: AccountId,
  name: Schema.String,
  /** The trust policy; by default the account's own root (any principal of the account allowed by its policies). */
  trust: Schema.optionalKey(PolicyDocument),
  managedPolicies: Schema.optionalKey(Schema.Array(Schema.String)),
  inlinePolicies: Schema.optionalKey(Schema.Record(Schema.String, PolicyDocument)),
  maxSessionDuration: Schema.optionalKey(Schema.Number),
})

const AccessKey = Schema.Struct({
  accessKeyId: Schema.String.check(Schema.isMinLength(1)),
  secretAccessKey: Schema.String.check(Schema.isMinLength(1)),
  account: AccountId,
  /** The role the key acts as (an assumed-role identity); `root` for the account's root user. */
  role: Schema.String,
})

const Scp = Schema.Struct({
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  content: PolicyDocument,
  /** OU paths (`/Workloads/Prod`), `/` for the root, or account ids. */
  attach: Schema.optionalKey(Schema.Array(Schema.String)),
})

/** A sandbox scenario: the organization, identities, resources, activity and faults to start from. */
export const Scenario = Schema.Struct({
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  partition: Schema.optionalKey(Schema.Literals(["aws", "aws-us-gov", "aws-cn"])),
  regions: Schema.Array(Schema.String),
  organization: Schema.Struct({
    id: Schema.String.check(
      Schema.isPattern(/^o-[a-z0-9]{10,32}$/u, { expected: "an organization id such as o-a1b2c3d4e5" }),
    ),
    rootId: Schema.optionalKey(
      Schema.String.check(Schema.isPattern(/^r-[a-z0-9]{4,32}$/u, { expected: "a root id such as r-ab12" })),
    ),
    managementAccount: Account,
    quotaProfile: Schema.optionalKey(Schema.Literals(["current", "before-2026-05"])),
    scpEnabled: Schema.optionalKey(Schema.Boolean),
    /** Accounts directly under the root. */
    accounts: Schema.optionalKey(Schema.Array(Account)),
    tree: Schema.optionalKey(Schema.Array(OuNode)),
    policies: Schema.optionalKey(Schema.Array(Scp)),
    delegatedAdministrators: Schema.optionalKey(
      Schema.Array(Schema.Struct({ account: AccountId, servicePrincipal: Schema.String })),
    ),
  }),
  accessKeys: Schema.Array(AccessKey),
  roles: Schema.optionalKey(Schema.Array(Role)),
  /** Service-specific resources and settings, read by each service's scenario loader. */
  resources: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  /** Generated background activity (principals that call APIs on a schedule). */
  activity: Schema.optionalKey(Schema.Array(Schema.Unknown)),
  faults: Schema.optionalKey(Schema.Unknown),
})
export type Scenario = typeof Scenario.Type
