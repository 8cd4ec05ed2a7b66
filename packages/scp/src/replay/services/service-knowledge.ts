import type { ContextValue } from "../../request.ts"

/** What replay knows about one event while deriving its request, for a service to add to. */
export interface EventFacts {
  /** The IAM action name, without the service prefix (`CreateDBInstance`). */
  readonly action: string
  /** `requestParameters`: an object, `null` when the service recorded none, `undefined` when the member is absent. */
  readonly parameters: unknown
  /** The principal's account. */
  readonly account: string
  /** The account the call was made in (`recipientAccountId`), where the resource lives. */
  readonly resourceAccount: string
  readonly region: string | undefined
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string
}

/** What a service adds to a derived request: the resource and the service's own condition keys. */
export interface RequestDetails {
  /** The resource ARN, when the event names it; otherwise the request uses `*`. */
  readonly resource?: string
  readonly context?: Readonly<Record<string, ContextValue>>
  /** Keys known to be absent from this request (the action never sets them, or the parameter was not sent). */
  readonly absentKeys?: ReadonlyArray<string>
}

/**
 * Replay's knowledge of one AWS service: how its CloudTrail events map to IAM actions and what of the request
 * can be recovered from `requestParameters`. One file per service; `registry.ts` lists them.
 */
export interface ServiceKnowledge {
  /** The IAM service prefix (`rds`). */
  readonly prefix: string
  /** CloudTrail `eventSource` hosts of the service (`rds.amazonaws.com`). */
  readonly eventSources: ReadonlyArray<string>
  /** The IAM action an event name stands for, when they differ (S3's `ListObjectsV2` is `ListBucket`). */
  readonly actionName?: (eventName: string) => string
  /**
   * Actions whose details depend on the event (their request parameters are parsed for them); undefined means
   * every action. Keeping this narrow keeps replay fast: other events never parse their parameters.
   */
  readonly actionsWithDetails?: ReadonlySet<string>
  readonly details?: (facts: EventFacts) => RequestDetails
  /** Every condition key `details` may set or declare absent, so replay knows which keys events can vary in. */
  readonly keys?: ReadonlyArray<string>
}

/** Narrows request parameters to an object; `null` (none recorded) and absence give undefined. */
export const parametersOf = (parameters: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof parameters === "object" && parameters !== null && !Array.isArray(parameters)
    ? (parameters as Readonly<Record<string, unknown>>)
    : undefined

/** A request parameter that should be a non-empty string. */
export const textParameter = (
  parameters: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined => {
  const value = parameters[name]
  return typeof value === "string" && value !== "" ? value : undefined
}

/** True for text that already is an ARN (some parameters take a name or an ARN). */
export const isArn = (text: string): boolean => text.startsWith("arn:")
