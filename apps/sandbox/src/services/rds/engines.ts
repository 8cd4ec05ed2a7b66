/*
 * The DB engines the sandbox accepts and what AWS fills in for each when the caller leaves it out: version, port,
 * licence model, parameter and option group names. Values follow the engine lists of the RDS API reference
 * (CreateDBInstance `Engine`, CreateDBCluster `Engine`).
 */

interface EngineDefaults {
  readonly version: string
  readonly port: number
  readonly license: string
}

const engines: Readonly<Record<string, EngineDefaults>> = {
  mysql: { version: "8.0.39", port: 3306, license: "general-public-license" },
  mariadb: { version: "10.11.9", port: 3306, license: "general-public-license" },
  postgres: { version: "16.4", port: 5432, license: "postgresql-license" },
  "aurora-mysql": { version: "8.0.mysql_aurora.3.08.0", port: 3306, license: "general-public-license" },
  "aurora-postgresql": { version: "16.4", port: 5432, license: "postgresql-license" },
  "oracle-ee": {
    version: "19.0.0.0.ru-2024-10.rur-2024-10.r1",
    port: 1521,
    license: "bring-your-own-license",
  },
  "oracle-ee-cdb": {
    version: "19.0.0.0.ru-2024-10.rur-2024-10.r1",
    port: 1521,
    license: "bring-your-own-license",
  },
  "oracle-se2": { version: "19.0.0.0.ru-2024-10.rur-2024-10.r1", port: 1521, license: "license-included" },
  "oracle-se2-cdb": {
    version: "19.0.0.0.ru-2024-10.rur-2024-10.r1",
    port: 1521,
    license: "license-included",
  },
  "sqlserver-ee": { version: "16.00.4150.1.v1", port: 1433, license: "license-included" },
  "sqlserver-se": { version: "16.00.4150.1.v1", port: 1433, license: "license-included" },
  "sqlserver-ex": { version: "16.00.4150.1.v1", port: 1433, license: "license-included" },
  "sqlserver-web": { version: "16.00.4150.1.v1", port: 1433, license: "license-included" },
  "db2-ae": { version: "11.5.9.0.sb00000000.r1", port: 50000, license: "bring-your-own-license" },
  "db2-se": { version: "11.5.9.0.sb00000000.r1", port: 50000, license: "bring-your-own-license" },
}

/** Engines of CreateDBInstance. */
export const instanceEngines: ReadonlyArray<string> = Object.keys(engines)

/** Engines of CreateDBCluster: Aurora, and MySQL/PostgreSQL for Multi-AZ DB clusters. */
export const clusterEngines: ReadonlyArray<string> = [
  "aurora-mysql",
  "aurora-postgresql",
  "mysql",
  "postgres",
]

/** Aurora keeps storage, encryption and backups at cluster level. */
export const isAurora = (engine: string): boolean => engine.startsWith("aurora")

const defaultsOf = (engine: string): EngineDefaults =>
  engines[engine] ?? { version: "1.0", port: 3306, license: "general-public-license" }

/** The version RDS picks when EngineVersion is left out. */
export const defaultEngineVersion = (engine: string): string => defaultsOf(engine).version
/** The port the engine listens on by default. */
export const defaultPort = (engine: string): number => defaultsOf(engine).port
/** The licence model RDS reports for the engine. */
export const licenseModel = (engine: string): string => defaultsOf(engine).license

/** The major version as parameter group families spell it: `8.0` for MySQL, `16` for PostgreSQL. */
const majorVersion = (engine: string, version: string): string => {
  const parts = version.split(".")
  if (engine === "postgres" || engine === "aurora-postgresql") return parts[0] ?? version
  return parts.slice(0, 2).join(".")
}

/** `default.mysql8.0`, `default.postgres16`, `default.aurora-mysql8.0`. */
export const defaultParameterGroup = (engine: string, version: string): string =>
  `default.${engine}${majorVersion(engine, version)}`

/** `default:mysql-8-0`. */
export const defaultOptionGroup = (engine: string, version: string): string =>
  `default:${engine}-${majorVersion(engine, version).replace(/\./g, "-")}`

/** The log types each engine family can export to CloudWatch Logs (RDS and Aurora user guides). */
const logTypes: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["aurora-mysql", ["audit", "error", "general", "slowquery", "iam-db-auth-error", "instance"]],
  ["aurora-postgresql", ["postgresql", "iam-db-auth-error", "instance"]],
  ["mysql", ["audit", "error", "general", "slowquery", "iam-db-auth-error"]],
  ["mariadb", ["audit", "error", "general", "slowquery"]],
  ["postgres", ["postgresql", "upgrade", "iam-db-auth-error"]],
  ["oracle", ["alert", "audit", "listener", "trace", "oemagent"]],
  ["sqlserver", ["agent", "error"]],
  ["db2", ["diag.log", "notify.log"]],
]

/** The log types of `types` that `engine` cannot export (empty when all are fine). */
export const unsupportedLogTypes = (engine: string, types: ReadonlyArray<string>): string[] => {
  const family = logTypes.find(([prefix]) => engine === prefix || engine.startsWith(`${prefix}-`))
  return family ? types.filter((type) => !family[1].includes(type)) : []
}
