import type { Scenario } from "../scenario.ts"

const region = "eu-west-1"
const dev = [
  "222222222201",
  "222222222202",
  "222222222203",
  "222222222204",
  "222222222205",
  "222222222206",
  "222222222207",
  "222222222208",
]
const prod = [
  "222222222209",
  "222222222210",
  "222222222211",
  "222222222212",
  "222222222213",
  "222222222214",
  "222222222215",
  "222222222216",
]

/**
 * Databases of the demo: a realistic mix. Production is mostly in order (encrypted, Multi-AZ, backed up,
 * protected); development is where the findings are (unencrypted storage, no backups, public access); the
 * analytics reporting account (the one with an exception) runs a legacy unencrypted MySQL; Search runs an
 * encrypted Aurora cluster.
 */
const rds = {
  clusters: [
    {
      account: "222222222212",
      region,
      id: "search-aurora",
      engine: "aurora-postgresql",
      encrypted: true,
      kmsKeyId: "alias/rampart-rds",
      backupRetention: 14,
      deletionProtection: true,
      iamAuth: true,
      logExports: ["postgresql"],
    },
  ],
  instances: [
    ...dev.flatMap((account, i) => [
      {
        account,
        region,
        id: `app-db-${i + 1}`,
        engine: i % 2 === 0 ? "postgres" : "mysql",
        encrypted: i % 3 === 0,
        ...(i % 3 === 0 ? { kmsKeyId: "alias/rampart-rds" } : {}),
        backupRetention: i % 4 === 1 ? 0 : 1,
        public: i === 5,
        autoMinorVersionUpgrade: i !== 6,
      },
    ]),
    ...prod
      .filter((account) => account !== "222222222212" && account !== "222222222214")
      .map((account, i) => ({
        account,
        region,
        id: `app-db-prod-${i + 1}`,
        engine: i % 2 === 0 ? "postgres" : "mysql",
        encrypted: true,
        kmsKeyId: "alias/rampart-rds",
        backupRetention: 14,
        multiAz: i !== 2,
        deletionProtection: i !== 3,
        iamAuth: i % 2 === 0,
        logExports: i % 2 === 0 ? ["postgresql"] : ["error", "general", "slowquery"],
        monitoringInterval: 60,
      })),
    {
      account: "222222222212",
      region,
      id: "search-aurora-1",
      engine: "aurora-postgresql",
      cluster: "search-aurora",
    },
    {
      account: "222222222212",
      region,
      id: "search-aurora-2",
      engine: "aurora-postgresql",
      cluster: "search-aurora",
    },
    {
      account: "222222222214",
      region,
      id: "reporting-legacy",
      engine: "mysql",
      class: "db.m5.large",
      storage: 500,
      encrypted: false,
      backupRetention: 7,
      multiAz: false,
      deletionProtection: true,
    },
  ],
  snapshots: [
    { account: "222222222214", region, id: "reporting-legacy-before-upgrade", instance: "reporting-legacy" },
  ],
}

/** The KMS keys the databases and vaults use: Rampart's key for RDS copies and one for backups, in every workload account. */
const kms = {
  keys: [
    {
      account: [...dev, ...prod],
      region,
      description: "Rampart: encryption of RDS databases and their copies",
      aliases: ["alias/rampart-rds"],
    },
    {
      account: prod,
      region,
      description: "Rampart: backup vault encryption",
      aliases: ["alias/rampart-backup"],
    },
  ],
}

/** Backup vaults: production accounts keep a daily backup plan of their databases; some already lock their vault. */
const backup = prod.map((account, i) => ({
  account,
  region,
  vaults: [
    { name: "app-backups", ...(i < 3 ? { lock: { minRetentionDays: 7, maxRetentionDays: 35 } } : {}) },
  ],
  plans: [
    {
      name: i === 4 ? "weekly-7" : "daily-35",
      rules: [
        i === 4
          ? { name: "weekly", vault: "app-backups", schedule: "cron(0 5 ? * SUN *)", deleteAfterDays: 7 }
          : { name: "daily", vault: "app-backups", deleteAfterDays: 35 },
      ],
      selections: [{ name: "databases", resources: [`arn:aws:rds:${region}:${account}:db:*`] }],
    },
  ],
}))

/** AWS Config records in every account of the organization; the conformance packs come with Rampart's rollout. */
const config = { recorders: [{ accounts: "all", regions: [region] }] }

/**
 * The `resources` section of the `small` scenario: each service's own `resources.<signingName>` entry, in the
 * format its seed hook documents (src/services/<name>/seed.ts).
 */
export const smallResources = (): NonNullable<Scenario["resources"]> => ({ kms, rds, backup, config })
