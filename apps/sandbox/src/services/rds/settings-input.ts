import type { Input } from "../../operation.ts"
import { unsupportedLogTypes } from "./engines.ts"
import { invalidCombination, invalidValue } from "./errors.ts"
import { optionalInteger, optionalText, structure, textList } from "./input.ts"
import { backupWindowPattern, maintenanceWindowPattern } from "./lifecycle.ts"
import { monitoringIntervals } from "./records.ts"

/*
 * The database settings shared by the create, modify and restore calls, read and checked the way RDS checks them
 * (ranges, window formats, the log types of the engine, Enhanced Monitoring needing a role).
 */

/** BackupRetentionPeriod: 0 (off) to 35 days for instances; Aurora clusters keep at least 1 day. */
export const backupRetention = (input: Input, min = 0): number | undefined =>
  optionalInteger(input, "BackupRetentionPeriod", { min, max: 35 })

/** PreferredBackupWindow `hh24:mi-hh24:mi` (UTC). */
export const backupWindow = (input: Input): string | undefined => {
  const window = optionalText(input, "PreferredBackupWindow")
  if (window !== undefined && !backupWindowPattern.test(window))
    throw invalidValue(
      `Invalid value ${window} for PreferredBackupWindow: it must be hh24:mi-hh24:mi in UTC.`,
    )
  return window
}

/** PreferredMaintenanceWindow `ddd:hh24:mi-ddd:hh24:mi` (UTC), stored lower-case as RDS does. */
export const maintenanceWindow = (input: Input): string | undefined => {
  const window = optionalText(input, "PreferredMaintenanceWindow")?.toLowerCase()
  if (window !== undefined && !maintenanceWindowPattern.test(window))
    throw invalidValue(
      `Invalid value ${window} for PreferredMaintenanceWindow: it must be ddd:hh24:mi-ddd:hh24:mi in UTC.`,
    )
  return window
}

const checkLogTypes = (engine: string, types: ReadonlyArray<string>, field: string): void => {
  const unsupported = unsupportedLogTypes(engine, types)
  if (unsupported.length > 0)
    throw invalidCombination(
      `You cannot use the log types '${unsupported.join("', '")}' (${field}) with engine ${engine}.`,
    )
}

/** EnableCloudwatchLogsExports of the create and restore calls. */
export const logExports = (input: Input, engine: string): string[] | undefined => {
  const types = textList(input, "EnableCloudwatchLogsExports")
  if (types !== undefined) checkLogTypes(engine, types, "EnableCloudwatchLogsExports")
  return types === undefined ? undefined : [...new Set(types)]
}

/** The log exports after CloudwatchLogsExportConfiguration (EnableLogTypes / DisableLogTypes) of the modify calls. */
export const logExportChange = (
  input: Input,
  engine: string,
  current: ReadonlyArray<string>,
): string[] | undefined => {
  const config = structure(input, "CloudwatchLogsExportConfiguration")
  if (config === undefined) return undefined
  const enable = textList(config, "EnableLogTypes") ?? []
  const disable = textList(config, "DisableLogTypes") ?? []
  checkLogTypes(engine, enable, "CloudwatchLogsExportConfiguration.EnableLogTypes")
  const both = enable.filter((type) => disable.includes(type))
  if (both.length > 0)
    throw invalidCombination(
      `CloudwatchLogsExportConfiguration enables and disables the same log types: ${both.join(", ")}.`,
    )
  return [...new Set([...current.filter((type) => !disable.includes(type)), ...enable])]
}

/**
 * MonitoringInterval (0, 1, 5, 10, 15, 30 or 60) and MonitoringRoleArn: a non-zero interval needs a role, given
 * now or already set.
 */
export const monitoring = (
  input: Input,
  currentRole?: string,
): { interval: number | undefined; roleArn: string | undefined } => {
  const interval = optionalInteger(input, "MonitoringInterval", { min: 0, max: 60 })
  if (interval !== undefined && !monitoringIntervals.includes(interval))
    throw invalidValue(
      `Invalid value ${interval} for MonitoringInterval: it must be one of ${monitoringIntervals.join(", ")}.`,
    )
  const roleArn = optionalText(input, "MonitoringRoleArn")
  if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn))
    throw invalidValue(`Invalid value ${roleArn} for MonitoringRoleArn: it must be an IAM role ARN.`)
  if (interval !== undefined && interval > 0 && roleArn === undefined && currentRole === undefined)
    throw invalidCombination(
      "A MonitoringRoleArn value is required if you specify a MonitoringInterval value other than 0.",
    )
  return { interval, roleArn }
}

/** Refuses parameters the sandbox does not emulate, rather than silently ignoring what the caller asked for. */
export const refuseUnsupported = (
  input: Input,
  operation: string,
  supported: ReadonlyArray<string>,
): void => {
  const unsupported = Object.keys(input).filter((name) => !supported.includes(name))
  if (unsupported.length > 0)
    throw invalidValue(
      `${operation} in the sandbox does not emulate the parameter(s) ${unsupported.join(", ")}; supported: ${supported.join(", ")}.`,
    )
}
