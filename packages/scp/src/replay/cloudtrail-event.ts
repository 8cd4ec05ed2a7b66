/**
 * The parts of a CloudTrail event replay reads, as CloudTrail writes them (`eventVersion` 1.0x). Every field is
 * optional because old and unusual events omit some; readers may compute fields lazily, so treat the object as
 * read-only. See the CloudTrail record contents reference for the meaning of each field.
 */
export interface CloudTrailEvent {
  readonly eventVersion?: unknown
  readonly eventTime?: unknown
  /** `rds.amazonaws.com`. */
  readonly eventSource?: unknown
  /** `CreateDBInstance`; sometimes with an API version suffix (`CreateFunction20150331`). */
  readonly eventName?: unknown
  readonly awsRegion?: unknown
  /** An IPv4 or IPv6 address, or the name of the service that made the call (`cloudformation.amazonaws.com`). */
  readonly sourceIPAddress?: unknown
  readonly userIdentity?: unknown
  /** The request as the service recorded it; `null` when the service recorded none. */
  readonly requestParameters?: unknown
  readonly errorCode?: unknown
  readonly errorMessage?: unknown
  readonly eventID?: unknown
  /** `AwsApiCall`, `AwsServiceEvent`, `AwsConsoleAction`, `AwsConsoleSignIn`, `AwsCloudTrailInsight`, `AwsVpceEvent`. */
  readonly eventType?: unknown
  /** `Management`, `Data`, `NetworkActivity`, `Insight`. */
  readonly eventCategory?: unknown
  readonly recipientAccountId?: unknown
  /** Set on both copies of an event CloudTrail delivers to two accounts (cross-account calls). */
  readonly sharedEventID?: unknown
  /** The VPC endpoint the request came through, if any. */
  readonly vpcEndpointId?: unknown
}

/** Reads a field that should be a string; anything else counts as missing. */
export const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

/** Narrows JSON to an object with string keys. */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
