import type { SandboxStore } from "../../state/store.ts"

/** A CloudTrail trail, kept in its home Region. Times are simulated epoch milliseconds. */
export interface TrailRecord {
  readonly name: string
  readonly arn: string
  readonly homeRegion: string
  s3BucketName: string
  s3KeyPrefix?: string
  snsTopicName?: string
  snsTopicArn?: string
  includeGlobalServiceEvents: boolean
  isMultiRegionTrail: boolean
  isOrganizationTrail: boolean
  logFileValidationEnabled: boolean
  cloudWatchLogsLogGroupArn?: string
  cloudWatchLogsRoleArn?: string
  kmsKeyId?: string
  isLogging: boolean
  startLoggingTime?: number
  stopLoggingTime?: number
  eventSelectors?: ReadonlyArray<Readonly<Record<string, unknown>>>
  advancedEventSelectors?: ReadonlyArray<Readonly<Record<string, unknown>>>
  tags: Record<string, string>
  readonly createdAt: number
  /** When the trail's configuration or status last changed (its configuration item's capture time). */
  changedAt: number
}

/** What CloudTrail keeps for one account and Region. */
export interface CloudTrailState {
  trails: Record<string, TrailRecord>
}

/** CloudTrail's state for an account and Region, created empty the first time. */
export const cloudTrailState = (store: SandboxStore, account: string, region: string): CloudTrailState =>
  store.regionSlice(account, region, "cloudtrail", (): CloudTrailState => ({ trails: {} }))

/** Every trail of an account, in every Region. */
export const accountTrails = (store: SandboxStore, account: string): ReadonlyArray<TrailRecord> =>
  Object.values(store.accounts.get(account)?.regions ?? {}).flatMap((services) =>
    Object.values((services.cloudtrail as CloudTrailState | undefined)?.trails ?? {}),
  )

/** The ARN of a trail. */
export const trailArn = (partition: string, region: string, account: string, name: string): string =>
  `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}`

/** The account, Region and name a trail ARN names, if it is one. */
export const parseTrailArn = (
  arn: string,
): { readonly account: string; readonly region: string; readonly name: string } | undefined => {
  const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(arn)
  return match
    ? { region: match[1] as string, account: match[2] as string, name: match[3] as string }
    : undefined
}

/** The management events selector every trail starts with. */
export const defaultEventSelectors = [
  {
    ReadWriteType: "All",
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
]
