import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import type { SandboxStore } from "../../state/store.ts"
import { accountTrails, cloudTrailState, parseTrailArn, type TrailRecord, trailArn } from "./state.ts"
import { findTrail } from "./trail-lookup.ts"

/** AWS's limit on trails per Region. */
export const maxTrailsPerRegion = 5

/** Why CloudTrail refuses a trail name, or undefined (3-128 letters, digits, `.`, `_`, `-`, with AWS's rules). */
export const trailNameProblem = (name: string): string | undefined => {
  if (name.length < 3)
    return `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`
  if (name.length > 128)
    return `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`
  if (!/^[A-Za-z0-9]/.test(name)) return "Trail name must starts with a letter or number."
  if (!/[A-Za-z0-9]$/.test(name)) return "Trail name must ends with a letter or number."
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    return "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_)."
  if (/[._-]{2}/.test(name)) return "Trail name cannot have adjacent periods, underscores or dashes."
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "Trail name cannot be formatted as an IP address."
  return undefined
}

/** How DescribeTrails shows a trail. */
export const trailShape = (trail: TrailRecord) => ({
  Name: trail.name,
  S3BucketName: trail.s3BucketName,
  ...(trail.s3KeyPrefix === undefined ? {} : { S3KeyPrefix: trail.s3KeyPrefix }),
  ...(trail.snsTopicName === undefined
    ? {}
    : { SnsTopicName: trail.snsTopicName, SnsTopicARN: trail.snsTopicArn }),
  IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
  IsMultiRegionTrail: trail.isMultiRegionTrail,
  HomeRegion: trail.homeRegion,
  TrailARN: trail.arn,
  LogFileValidationEnabled: trail.logFileValidationEnabled,
  ...(trail.cloudWatchLogsLogGroupArn === undefined
    ? {}
    : { CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn }),
  ...(trail.cloudWatchLogsRoleArn === undefined
    ? {}
    : { CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn }),
  ...(trail.kmsKeyId === undefined ? {} : { KmsKeyId: trail.kmsKeyId }),
  HasCustomEventSelectors: trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined,
  HasInsightSelectors: false,
  IsOrganizationTrail: trail.isOrganizationTrail,
})

const optionalText = (input: Input, name: string): string | undefined => {
  const value = input[name]
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value !== "string")
    throw new ServiceError("InvalidParameterException", `${name} must be a string.`)
  return value
}

const flag = (input: Input, name: string, fallback: boolean): boolean => {
  const value = input[name]
  if (value === undefined || value === null) return fallback
  if (typeof value !== "boolean")
    throw new ServiceError("InvalidParameterException", `${name} must be a boolean.`)
  return value
}

/** The settings of a new trail. */
export interface TrailSettings {
  readonly name: string
  readonly s3BucketName: string
  readonly s3KeyPrefix?: string
  readonly snsTopicName?: string
  readonly includeGlobalServiceEvents?: boolean
  readonly isMultiRegionTrail?: boolean
  readonly isOrganizationTrail?: boolean
  readonly logFileValidationEnabled?: boolean
  readonly cloudWatchLogsLogGroupArn?: string
  readonly cloudWatchLogsRoleArn?: string
  readonly kmsKeyId?: string
  readonly tags?: Readonly<Record<string, string>>
  /** Whether it logs from the start (CreateTrail creates trails that do not log until StartLogging). */
  readonly logging?: boolean
}

/** Adds a trail to an account and Region (also used by the scenario loader). */
export const addTrail = (
  store: SandboxStore,
  where: {
    readonly account: string
    readonly region: string
    readonly partition: string
    readonly now: number
  },
  settings: TrailSettings,
): TrailRecord => {
  const { account, region, partition, now } = where
  const trail: TrailRecord = {
    name: settings.name,
    arn: trailArn(partition, region, account, settings.name),
    homeRegion: region,
    s3BucketName: settings.s3BucketName,
    includeGlobalServiceEvents: settings.includeGlobalServiceEvents ?? true,
    isMultiRegionTrail: settings.isMultiRegionTrail ?? false,
    isOrganizationTrail: settings.isOrganizationTrail ?? false,
    logFileValidationEnabled: settings.logFileValidationEnabled ?? false,
    isLogging: settings.logging ?? false,
    tags: { ...(settings.tags ?? {}) },
    createdAt: now,
    changedAt: now,
    ...(settings.s3KeyPrefix === undefined ? {} : { s3KeyPrefix: settings.s3KeyPrefix }),
    ...(settings.snsTopicName === undefined
      ? {}
      : {
          snsTopicName: settings.snsTopicName,
          snsTopicArn: settings.snsTopicName.startsWith("arn:")
            ? settings.snsTopicName
            : `arn:${partition}:sns:${region}:${account}:${settings.snsTopicName}`,
        }),
    ...(settings.cloudWatchLogsLogGroupArn === undefined
      ? {}
      : { cloudWatchLogsLogGroupArn: settings.cloudWatchLogsLogGroupArn }),
    ...(settings.cloudWatchLogsRoleArn === undefined
      ? {}
      : { cloudWatchLogsRoleArn: settings.cloudWatchLogsRoleArn }),
    ...(settings.kmsKeyId === undefined ? {} : { kmsKeyId: settings.kmsKeyId }),
    ...(settings.logging === true ? { startLoggingTime: now } : {}),
  }
  cloudTrailState(store, account, region).trails[trail.name] = trail
  store.touch(account)
  return trail
}

/** Only the management account (or CloudTrail's delegated administrator) may create organization trails. */
const checkOrganizationTrail = (context: CallContext): void => {
  const org = context.store.organization
  if (!org || (org.managementAccountId !== context.account && !org.accounts[context.account]))
    throw new ServiceError(
      "OrganizationsNotInUseException",
      "This account is not a member of an organization in AWS Organizations.",
    )
  const delegated = org.delegatedAdministrators.some(
    (d) => d.accountId === context.account && d.servicePrincipal === "cloudtrail.amazonaws.com",
  )
  if (context.account !== org.managementAccountId && !delegated)
    throw new ServiceError(
      "NotOrganizationMasterAccountException",
      "This account is not the management account of an organization in AWS Organizations.",
    )
}

/** The trails DescribeTrails shows in the caller's Region, shadow trails (other Regions, the organization's) included. */
const visibleTrails = (context: CallContext, shadows: boolean): ReadonlyArray<TrailRecord> => {
  const own = Object.values(cloudTrailState(context.store, context.account, context.region).trails)
  if (!shadows) return own
  const elsewhere = accountTrails(context.store, context.account).filter(
    (t) => t.homeRegion !== context.region && t.isMultiRegionTrail,
  )
  const org = context.store.organization
  const organization =
    org && org.managementAccountId !== context.account && org.accounts[context.account]
      ? accountTrails(context.store, org.managementAccountId).filter(
          (t) => t.isOrganizationTrail && (t.isMultiRegionTrail || t.homeRegion === context.region),
        )
      : []
  return [...own, ...elsewhere, ...organization]
}

const statusTime = (time: number | undefined) =>
  time === undefined ? undefined : new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z")

const setLogging = (context: CallContext, input: Input, logging: boolean): Record<string, never> => {
  const { trail, account } = findTrail(
    context,
    requireString(input, "Name", "InvalidTrailNameException"),
    true,
  )
  const now = context.clock.now()
  if (trail.isLogging !== logging) {
    trail.isLogging = logging
    if (logging) trail.startLoggingTime = now
    else trail.stopLoggingTime = now
    trail.changedAt = now
    context.store.touch(account)
  }
  return {}
}

/** CreateTrail, DescribeTrails, GetTrailStatus, StartLogging, StopLogging, DeleteTrail. */
export const trailOperations: ReadonlyArray<Operation> = [
  {
    name: "CreateTrail",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "Name", "InvalidTrailNameException")
      const problem = trailNameProblem(name)
      if (problem !== undefined) throw new ServiceError("InvalidTrailNameException", problem)
      const bucket = requireString(input, "S3BucketName", "InvalidS3BucketNameException")
      const state = cloudTrailState(context.store, context.account, context.region)
      if (
        state.trails[name] ||
        accountTrails(context.store, context.account).some((t) => t.name === name && t.isMultiRegionTrail)
      )
        throw new ServiceError(
          "TrailAlreadyExistsException",
          `Trail ${trailArn(context.partition, context.region, context.account, name)} already exists for customer: ${context.account}`,
        )
      if (Object.keys(state.trails).length >= maxTrailsPerRegion)
        throw new ServiceError(
          "MaximumNumberOfTrailsExceededException",
          `User: ${context.account} already has ${maxTrailsPerRegion} trails in ${context.region}.`,
        )
      const isOrganizationTrail = flag(input, "IsOrganizationTrail", false)
      if (isOrganizationTrail) checkOrganizationTrail(context)
      const logGroup = optionalText(input, "CloudWatchLogsLogGroupArn")
      const logRole = optionalText(input, "CloudWatchLogsRoleArn")
      if ((logGroup === undefined) !== (logRole === undefined))
        throw new ServiceError(
          "InvalidCloudWatchLogsRoleArnException",
          "CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn must be given together.",
        )
      const tags: Record<string, string> = {}
      const tagList = input.TagsList
      if (Array.isArray(tagList))
        for (const tag of tagList as Array<Record<string, unknown>>)
          if (typeof tag?.Key === "string") tags[tag.Key] = typeof tag.Value === "string" ? tag.Value : ""
      const prefix = optionalText(input, "S3KeyPrefix")
      const topic = optionalText(input, "SnsTopicName")
      const kms = optionalText(input, "KmsKeyId")
      const trail = addTrail(
        context.store,
        {
          account: context.account,
          region: context.region,
          partition: context.partition,
          now: context.clock.now(),
        },
        {
          name,
          s3BucketName: bucket,
          includeGlobalServiceEvents: flag(input, "IncludeGlobalServiceEvents", true),
          isMultiRegionTrail: flag(input, "IsMultiRegionTrail", false),
          isOrganizationTrail,
          logFileValidationEnabled: flag(input, "EnableLogFileValidation", false),
          tags,
          ...(prefix === undefined ? {} : { s3KeyPrefix: prefix }),
          ...(topic === undefined ? {} : { snsTopicName: topic }),
          ...(logGroup === undefined ? {} : { cloudWatchLogsLogGroupArn: logGroup }),
          ...(logRole === undefined ? {} : { cloudWatchLogsRoleArn: logRole }),
          ...(kms === undefined ? {} : { kmsKeyId: kms }),
        },
      )
      // CreateTrail answers the trail's settings, without the describe-only members.
      const shape: Record<string, unknown> = { ...trailShape(trail) }
      for (const key of ["HomeRegion", "HasCustomEventSelectors", "HasInsightSelectors"]) delete shape[key]
      return shape
    },
  },
  {
    name: "DescribeTrails",
    readOnly: true,
    handle: (input, context) => {
      const shadows = flag(input, "includeShadowTrails", true)
      const list = input.trailNameList
      if (
        list !== undefined &&
        list !== null &&
        (!Array.isArray(list) || list.some((n) => typeof n !== "string"))
      )
        throw new ServiceError(
          "InvalidParameterException",
          "trailNameList must be a list of trail names or ARNs.",
        )
      const names = (list ?? []) as ReadonlyArray<string>
      const visible = visibleTrails(context, shadows)
      const trails =
        names.length === 0
          ? visible
          : visible.filter((t) =>
              names.some((n) => {
                const parsed = parseTrailArn(n)
                return parsed ? t.arn === n : t.name === n && t.homeRegion === context.region
              }),
            )
      return { trailList: trails.map(trailShape) }
    },
  },
  {
    name: "GetTrailStatus",
    readOnly: true,
    handle: (input, context) => {
      const { trail } = findTrail(context, requireString(input, "Name", "InvalidTrailNameException"), false)
      const started = statusTime(trail.startLoggingTime)
      const stopped = statusTime(trail.stopLoggingTime)
      return {
        IsLogging: trail.isLogging,
        ...(trail.startLoggingTime === undefined
          ? {}
          : { StartLoggingTime: new Date(trail.startLoggingTime), TimeLoggingStarted: started }),
        ...(trail.stopLoggingTime === undefined
          ? {}
          : { StopLoggingTime: new Date(trail.stopLoggingTime), TimeLoggingStopped: stopped }),
      }
    },
  },
  {
    name: "StartLogging",
    readOnly: false,
    handle: (input, context) => setLogging(context, input, true),
  },
  {
    name: "StopLogging",
    readOnly: false,
    handle: (input, context) => setLogging(context, input, false),
  },
  {
    name: "DeleteTrail",
    readOnly: false,
    handle: (input, context) => {
      const { trail, account, region } = findTrail(
        context,
        requireString(input, "Name", "InvalidTrailNameException"),
        true,
      )
      delete cloudTrailState(context.store, account, region).trails[trail.name]
      context.store.touch(account)
      return {}
    },
  },
]
