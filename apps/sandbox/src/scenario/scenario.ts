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

/** A span of simulated time written `30s`, `15m`, `6h` or `7d`. */
export const DurationText = Schema.String.check(
  Schema.isPattern(/^\d+(s|m|h|d)$/u, { expected: "a duration such as 30m, 6h or 7d" }),
)

/**
 * Background activity: a principal (one of the scenario's access keys) that calls one API operation on a schedule
 * of simulated time, as a CI pipeline or an application would. Read by `src/scenario/activity.ts`.
 */
export const ActivityEntry = Schema.Struct({
  /** Names the entry in logs, in the calls' user agent and in diagnostics. */
  name: Schema.String.check(Schema.isMinLength(1)),
  /** The access key id (of `accessKeys`) the calls are signed with. */
  principal: Schema.String.check(Schema.isMinLength(1)),
  /** The service's SigV4 signing name: `sts`, `rds`, `organizations`, `config`, `backup`, ... */
  service: Schema.String.check(Schema.isMinLength(1)),
  /** The API operation, as the SDK names it: `CreateDBInstance`, `GetCallerIdentity`. */
  operation: Schema.String.check(Schema.isMinLength(1)),
  /** The operation's parameters in the API's own names; `{n}`, `{time}`, `{account}`, `{region}` are filled in. */
  parameters: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  /** The region called; the scenario's first region when not given. */
  region: Schema.optionalKey(Schema.String),
  /** How often the call is made, in simulated time. */
  every: DurationText,
  /** When the first call is made after the sandbox starts (default: one `every`). */
  startAfter: Schema.optionalKey(DurationText),
  /** At start, the calls of this past period are recorded in CloudTrail at their past times (default none). */
  backfill: Schema.optionalKey(DurationText),
  /** The user agent the calls carry (default `rampart-sandbox-activity/<name>`). */
  userAgent: Schema.optionalKey(Schema.String),
})
export type ActivityEntry = typeof ActivityEntry.Type

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
  activity: Schema.optionalKey(Schema.Array(ActivityEntry)),
  faults: Schema.optionalKey(Schema.Unknown),
})
export type Scenario = typeof Scenario.Type
