import { Schema } from "effect"

const describe = <S extends Schema.Top>(schema: S, description: string) => schema.annotate({ description })
const optional = Schema.optionalKey

const AccountIdText = Schema.String.check(
  Schema.isPattern(/^\d{12}$/u, { expected: "a 12-digit account id in quotes" }),
)
const RegionText = Schema.String.check(
  Schema.isPattern(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/u, {
    expected: "an AWS Region such as eu-west-1",
  }),
)
const RoleNameText = Schema.String.check(
  Schema.isPattern(/^[\w+=,.@-]{1,64}$/u, {
    expected: "an IAM role name (1-64 of letters, digits and +=,.@_-)",
  }),
)
const DurationText = Schema.String.check(
  Schema.isPattern(/^\d+(s|m|h|d)$/u, { expected: "a duration such as 30m, 2h or 1d" }),
)
const CountOrPercent = Schema.Union([
  Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)),
  Schema.String.check(Schema.isPattern(/^(100|[1-9]?\d)%$/u, { expected: "a percentage such as 10%" })),
]).annotate({ expected: "a whole number or a percentage such as 10%" })
const DateText = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u, { expected: "a date written YYYY-MM-DD" }),
)

const Quotas = Schema.Struct({
  scpsPerTarget: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 100 })),
      "SCPs directly attachable to one root, OU or account (10 since May 2026; 5 before).",
    ),
  ),
  scpCharacters: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 1_000_000 })),
      "Characters allowed in one SCP, whitespace included (10,240 since May 2026; 5,120 before).",
    ),
  ),
  ouDepth: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 5 })),
      "How deep OUs may nest under the root (5).",
    ),
  ),
})

const Organization = Schema.Struct({
  id: describe(
    Schema.String.check(
      Schema.isPattern(/^o-[a-z0-9]{10,32}$/u, { expected: "an organization id such as o-a1b2c3d4e5" }),
    ),
    "The organization id (o-...), used in aws:PrincipalOrgID conditions.",
  ),
  partition: optional(
    describe(
      Schema.Literals(["aws", "aws-us-gov", "aws-cn"]),
      "The AWS partition; aws unless told otherwise.",
    ),
  ),
  managementAccountId: describe(
    AccountIdText,
    "The management account. SCPs never apply to it; Rampart changes nothing in it unless allowManagementAccount is true.",
  ),
  hubAccountId: describe(
    AccountIdText,
    "The account the aggregator runs in, whose hub role assumes the Rampart roles everywhere.",
  ),
  homeRegion: optional(
    describe(RegionText, "Where the hub's resources live; the first of regions when omitted."),
  ),
  regions: describe(Schema.Array(RegionText), "Regions where conformance packs, vaults and scans apply."),
  quotas: optional(describe(Quotas, "Organizations quotas; the current values when omitted.")),
  quotaProfile: optional(
    describe(
      Schema.Literals(["current", "before-2026-05"]),
      "current: 10 SCPs per target, 10,240 characters. before-2026-05: 5 and 5,120.",
    ),
  ),
  allowRootAttachment: optional(
    describe(Schema.Boolean, "Allow waves to target the organization root (/). Off by default."),
  ),
  allowManagementAccount: optional(
    describe(Schema.Boolean, "Allow waves to target the management account. Off by default."),
  ),
})

const Roles = Schema.Struct({
  hub: describe(RoleNameText, "The role the aggregator runs as in the hub account."),
  audit: describe(RoleNameText, "The read-only role in every member account."),
  remediation: describe(RoleNameText, "The role remediation actions run as in member accounts."),
  pipeline: describe(RoleNameText, "The deployment pipeline role exempted from Rampart's protective SCPs."),
  breakGlass: describe(RoleNameText, "The emergency role exempted from Rampart's protective SCPs."),
  externalId: describe(
    Schema.String.check(
      Schema.isPattern(/^[\w+=,.@:/-]{2,1224}$/u, {
        expected: "2-1224 characters of letters, digits and +=,.@:/-",
      }),
    ),
    "The sts:ExternalId the Rampart roles require.",
  ),
  bootstrap: optional(
    describe(
      RoleNameText,
      "The role used to bootstrap new accounts: OrganizationAccountAccessRole, or AWSControlTowerExecution under Control Tower.",
    ),
  ),
  sessionDurationSeconds: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 900, maximum: 43_200 })),
      "How long assumed sessions last (900-43200; chained sessions are capped at 3600).",
    ),
  ),
  chain: optional(
    describe(
      Schema.Array(Schema.String),
      "Role ARNs to assume, in order, before the hub role (role chaining).",
    ),
  ),
})

const GuardrailUse = Schema.Struct({
  id: describe(Schema.String, "A catalog id: see `rampart catalog list`."),
  parameters: optional(
    describe(
      Schema.Record(Schema.String, Schema.Unknown),
      "Values for the guardrail's parameters (see `rampart catalog show ID`); defaults apply to the rest.",
    ),
  ),
  regions: optional(
    describe(
      Schema.Array(RegionText),
      "For conformance packs and vaults: the regions to deploy to, when not all of organization.regions.",
    ),
  ),
})

const Gates = Schema.Struct({
  maxNewScpDenials: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)),
      "New SCP AccessDenied events in the wave's accounts since it started that fail the gate when exceeded (default 0).",
    ),
  ),
  maxComplianceRegression: optional(
    describe(
      Schema.Number.check(Schema.isGreaterThanOrEqualTo(0), Schema.isLessThanOrEqualTo(100)),
      "Percentage points the wave's compliance may drop before the gate fails (default 0).",
    ),
  ),
})

const Acknowledgement = Schema.Struct({
  principal: describe(
    Schema.String,
    "The caller's ARN pattern, as aws:PrincipalArn names it (a role session is its role): * matches any run of characters, ? one, e.g. arn:aws:iam::222222222202:role/CiDeploy or arn:aws:iam::*:role/ci-*.",
  ),
  action: optional(
    describe(
      Schema.String,
      "The action pattern, e.g. rds:CreateDBInstance or rds:*; every action of the principal when omitted.",
    ),
  ),
  reason: describe(Schema.String, "Why these denials are accepted; shown with the impact gate's result."),
})

const Wave = Schema.Struct({
  name: describe(
    Schema.String.check(
      Schema.isPattern(/^[a-z][a-z0-9-]{0,62}$/u, { expected: "a lower-case name such as canary" }),
    ),
    "The wave's name, used by `--wave` and in status.",
  ),
  targets: describe(
    Schema.Array(Schema.String),
    "OU paths (/Workloads/Prod) or quoted 12-digit account ids.",
  ),
  guardrails: optional(
    describe(
      Schema.Array(Schema.String),
      "Catalog ids this wave applies; all of the configured guardrails when omitted.",
    ),
  ),
  soak: optional(
    describe(DurationText, "How long to watch after applying before the gates are read (default 0s)."),
  ),
  gates: optional(Gates),
  approval: optional(
    describe(
      Schema.Boolean,
      "Wait for `rampart rollout approve` by someone other than the starter before the next wave.",
    ),
  ),
  maxConcurrency: optional(describe(CountOrPercent, "Accounts changed at once (default 10).")),
  errorBudget: optional(
    describe(CountOrPercent, "Apply errors tolerated before the wave fails (default 0)."),
  ),
  onGateFailure: optional(
    describe(Schema.Literals(["rollback", "halt"]), "What a failed gate does (default rollback)."),
  ),
  acknowledge: optional(
    describe(
      Schema.Array(Acknowledgement),
      "Calls the impact gate finds newly denied by this wave's SCPs that are accepted rather than stopping the wave (reported as acknowledged, with the reason). Excepted accounts and principals need no entry: exceptions are written into the SCPs.",
    ),
  ),
})

const Exception = Schema.Struct({
  guardrail: describe(Schema.String, "The guardrail id the exception is from."),
  account: optional(describe(AccountIdText, "The account excepted (give account or ou).")),
  ou: optional(describe(Schema.String, "The OU path excepted (give account or ou).")),
  principals: optional(
    describe(
      Schema.Array(Schema.String),
      "Principal ARN patterns the exception exempts in the guardrail's SCPs; every principal of the excepted accounts when none are given.",
    ),
  ),
  owner: describe(Schema.String, "Who owns the exception (a team or a person's address)."),
  reason: describe(Schema.String, "Why it is needed."),
  expires: describe(DateText, "The last day it applies (YYYY-MM-DD, UTC)."),
})

const MaintenanceWindow = Schema.Struct({
  days: describe(
    Schema.Array(Schema.Literals(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
    "Days remediation may run.",
  ),
  start: describe(
    Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/u, { expected: "HH:MM" })),
    "Start time, UTC.",
  ),
  end: describe(
    Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/u, { expected: "HH:MM" })),
    "End time, UTC.",
  ),
})

const Remediation = Schema.Struct({
  kmsKeyAlias: optional(
    describe(
      Schema.String.check(
        Schema.isPattern(/^alias\/[\w/-]+$/u, { expected: "a KMS alias such as alias/rampart-rds" }),
      ),
      "The KMS key encrypted copies of RDS instances use.",
    ),
  ),
  backupRetentionDays: optional(
    describe(
      Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 35 })),
      "Automated backup retention set when enabling backups (1-35).",
    ),
  ),
  maxConcurrency: optional(describe(CountOrPercent, "Resources remediated at once (default 1).")),
  maxErrors: optional(
    describe(CountOrPercent, "Failed actions tolerated before remediation stops (default 0)."),
  ),
  maintenanceWindow: optional(MaintenanceWindow),
  actions: optional(
    describe(
      Schema.Array(
        Schema.Literals([
          "encrypt-rds",
          "enable-backups",
          "enable-deletion-protection",
          "enable-multi-az",
          "disable-public-access",
        ]),
      ),
      "Which remediation actions may run (default all but enable-multi-az).",
    ),
  ),
})

/** The shape of rampart.yaml. */
export const RampartFile = Schema.Struct({
  version: describe(Schema.Literal(1), "The file format version: 1."),
  organization: Organization,
  roles: Roles,
  guardrails: describe(Schema.Array(GuardrailUse), "The catalog guardrails this organization uses."),
  waves: describe(Schema.Array(Wave), "The rollout order: canary first, widest last."),
  exceptions: optional(
    describe(Schema.Array(Exception), "Time-limited exceptions, each with an owner and a reason."),
  ),
  remediation: optional(Remediation),
}).annotate({
  title: "Rampart configuration",
  description: "rampart.yaml: one organization's guardrails, waves, exceptions and remediation policy.",
})
export type RampartFile = typeof RampartFile.Type
export type WaveFile = RampartFile["waves"][number]
export type ExceptionFile = NonNullable<RampartFile["exceptions"]>[number]
