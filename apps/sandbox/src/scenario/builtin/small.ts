import type { OuNode, Scenario } from "../scenario.ts"
import { smallResources } from "./small-resources.ts"

/** The accounts of the `small` scenario that examples/rampart.yaml and the tests refer to. */
export const smallAccounts = {
  management: "999999999999",
  /** Rampart's hub (security tooling) account, in /Security. */
  hub: "111111111111",
  /** The canary wave's account, in /Workloads/Dev. */
  canary: "222222222201",
  /** The account with an exception from deny-unencrypted-rds (a legacy reporting database), in /Workloads/Prod. */
  excepted: "222222222214",
  /** Where the Payments CI pipeline runs in development and production. */
  paymentsDev: "222222222202",
  paymentsProd: "222222222210",
  sandboxDeveloper: "444444444401",
} as const

const admin = "arn:aws:iam::aws:policy/AdministratorAccess"
const powerUser = "arn:aws:iam::aws:policy/PowerUserAccess"

const account = (id: string, name: string) => ({
  id,
  name,
  email: `aws+${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.com`,
})

const tree: ReadonlyArray<OuNode> = [
  {
    ou: "Security",
    accounts: [
      { id: smallAccounts.hub, name: "Security Hub", email: "aws+security-hub@example.com" },
      { id: "111111111112", name: "Log Archive", email: "aws+log-archive@example.com" },
    ],
  },
  {
    ou: "Infrastructure",
    accounts: [
      { id: "333333333301", name: "Network", email: "aws+network@example.com" },
      { id: "333333333302", name: "Shared Services", email: "aws+shared-services@example.com" },
    ],
  },
  {
    ou: "Sandbox",
    accounts: [
      {
        id: smallAccounts.sandboxDeveloper,
        name: "Sandbox Platform",
        email: "aws+sandbox-platform@example.com",
      },
      { id: "444444444402", name: "Sandbox Data Science", email: "aws+sandbox-data-science@example.com" },
      { id: "444444444403", name: "Sandbox Frontend", email: "aws+sandbox-frontend@example.com" },
    ],
  },
  {
    ou: "Workloads",
    children: [
      {
        ou: "Dev",
        accounts: [
          ["222222222201", "Platform Canary Dev"],
          ["222222222202", "Payments Dev"],
          ["222222222203", "Checkout Dev"],
          ["222222222204", "Search Dev"],
          ["222222222205", "Identity Dev"],
          ["222222222206", "Mobile API Dev"],
          ["222222222207", "Analytics Dev"],
          ["222222222208", "Notifications Dev"],
        ].map(([id, name]) => account(id as string, name as string)),
      },
      {
        ou: "Prod",
        accounts: [
          ["222222222209", "Platform Prod"],
          ["222222222210", "Payments Prod"],
          ["222222222211", "Checkout Prod"],
          ["222222222212", "Search Prod"],
          ["222222222213", "Identity Prod"],
          ["222222222214", "Analytics Reporting Prod"],
          ["222222222215", "Mobile API Prod"],
          ["222222222216", "Notifications Prod"],
        ].map(([id, name]) => account(id as string, name as string)),
      },
    ],
  },
]

/** A customer SCP the organization had before Rampart: it uses one of /Sandbox's SCP slots. */
const sandboxRegionRestriction = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyOutsideApprovedRegions",
      Effect: "Deny",
      NotAction: ["iam:*", "organizations:*", "sts:*", "support:*", "budgets:*", "cloudfront:*", "route53:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } },
    },
  ],
}

/** A role in `account` that the account's own principals may assume, with the given managed policies. */
const role = (account: string, name: string, managedPolicies: ReadonlyArray<string>) => ({
  account,
  name,
  managedPolicies,
})

/**
 * The demo organization, the same tree as examples/rampart.yaml targets: the management account, Rampart's hub in
 * /Security, /Infrastructure, /Sandbox, /Workloads/Dev (with the canary account) and /Workloads/Prod (with the
 * excepted account), 24 accounts in all. `test`/`test` is an administrator in the management account. Background
 * activity gives CloudTrail a history: the Payments CI in /Workloads/Dev creates databases without
 * `StorageEncrypted` every 6 hours (what deny-unencrypted-rds newly denies), the legacy reporting pipeline creates
 * unencrypted ones daily (its account is excepted), a sandbox developer creates encrypted ones, and the production
 * CI reads.
 */
export const smallScenario = (): Scenario => ({
  name: "small",
  description:
    "The demo organization of examples/rampart.yaml: 24 accounts in /Security, /Infrastructure, /Sandbox, /Workloads/Dev and /Workloads/Prod.",
  partition: "aws",
  regions: ["eu-west-1", "us-east-1"],
  organization: {
    id: "o-rampart0demo",
    managementAccount: {
      id: smallAccounts.management,
      name: "Management",
      email: "aws+management@example.com",
    },
    quotaProfile: "current",
    tree,
    policies: [
      {
        name: "SandboxRegionRestriction",
        description: "Sandbox accounts stay in the approved regions (owned by the cloud platform team)",
        content: sandboxRegionRestriction,
        attach: ["/Sandbox"],
      },
    ],
    delegatedAdministrators: [
      { account: smallAccounts.hub, servicePrincipal: "config.amazonaws.com" },
      { account: smallAccounts.hub, servicePrincipal: "config-multiaccountsetup.amazonaws.com" },
    ],
  },
  roles: [
    role(smallAccounts.management, "Admin", [admin]),
    {
      account: smallAccounts.hub,
      name: "RampartHub",
      trust: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ManagementAndHubAccounts",
            Effect: "Allow",
            Principal: {
              AWS: [
                `arn:aws:iam::${smallAccounts.management}:root`,
                `arn:aws:iam::${smallAccounts.hub}:root`,
              ],
            },
            Action: "sts:AssumeRole",
          },
        ],
      },
      managedPolicies: [admin],
      maxSessionDuration: 43_200,
    },
    role(smallAccounts.paymentsDev, "CiDeploy", [powerUser]),
    role(smallAccounts.paymentsProd, "CiDeploy", [powerUser]),
    role(smallAccounts.excepted, "ReportingPipeline", [powerUser]),
    role(smallAccounts.sandboxDeveloper, "Developer", [powerUser]),
  ],
  accessKeys: [
    { accessKeyId: "test", secretAccessKey: "test", account: smallAccounts.management, role: "Admin" },
    {
      accessKeyId: "ci-payments-dev",
      secretAccessKey: "ci-payments-dev-secret",
      account: smallAccounts.paymentsDev,
      role: "CiDeploy",
    },
    {
      accessKeyId: "ci-payments-prod",
      secretAccessKey: "ci-payments-prod-secret",
      account: smallAccounts.paymentsProd,
      role: "CiDeploy",
    },
    {
      accessKeyId: "reporting-pipeline",
      secretAccessKey: "reporting-pipeline-secret",
      account: smallAccounts.excepted,
      role: "ReportingPipeline",
    },
    {
      accessKeyId: "sandbox-developer",
      secretAccessKey: "sandbox-developer-secret",
      account: smallAccounts.sandboxDeveloper,
      role: "Developer",
    },
  ],
  resources: smallResources(),
  activity: [
    {
      name: "payments-dev-ci-creates-database",
      principal: "ci-payments-dev",
      service: "rds",
      operation: "CreateDBInstance",
      region: "eu-west-1",
      // StorageEncrypted is left out, as the pipeline's template has always done: deny-unencrypted-rds denies it.
      parameters: {
        DBInstanceIdentifier: "ci-payments-{time}",
        DBInstanceClass: "db.t4g.micro",
        Engine: "postgres",
        AllocatedStorage: 20,
        MasterUsername: "ci",
        MasterUserPassword: "ci-password-not-a-secret",
        BackupRetentionPeriod: 1,
      },
      every: "6h",
      backfill: "7d",
    },
    {
      name: "reporting-pipeline-creates-unencrypted-database",
      principal: "reporting-pipeline",
      service: "rds",
      operation: "CreateDBInstance",
      region: "eu-west-1",
      parameters: {
        DBInstanceIdentifier: "reporting-{time}",
        DBInstanceClass: "db.r6g.large",
        Engine: "mysql",
        AllocatedStorage: 100,
        MasterUsername: "reporting",
        MasterUserPassword: "reporting-password-not-a-secret",
        StorageEncrypted: false,
      },
      every: "1d",
      backfill: "7d",
    },
    {
      name: "sandbox-developer-creates-encrypted-database",
      principal: "sandbox-developer",
      service: "rds",
      operation: "CreateDBInstance",
      region: "eu-west-1",
      parameters: {
        DBInstanceIdentifier: "experiment-{time}",
        DBInstanceClass: "db.t4g.micro",
        Engine: "postgres",
        AllocatedStorage: 20,
        MasterUsername: "dev",
        MasterUserPassword: "dev-password-not-a-secret",
        StorageEncrypted: true,
      },
      every: "12h",
      backfill: "7d",
    },
    {
      name: "payments-prod-ci-lists-databases",
      principal: "ci-payments-prod",
      service: "rds",
      operation: "DescribeDBInstances",
      region: "eu-west-1",
      every: "1h",
      backfill: "1d",
    },
    {
      name: "payments-prod-ci-checks-identity",
      principal: "ci-payments-prod",
      service: "sts",
      operation: "GetCallerIdentity",
      region: "eu-west-1",
      every: "1h",
      backfill: "1d",
    },
  ],
})
