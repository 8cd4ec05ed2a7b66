import type { Input, Operation } from "../../operation.ts"
import { ServiceError } from "../../service-error.ts"
import type { CloudTrailEvent } from "../../trail/cloudtrail-event.ts"
import { eventResources } from "./event-resources.ts"

/** LookupEvents answers at most 50 events a page. */
export const maxLookupResults = 50

/** How far back LookupEvents reaches: 90 days. */
export const lookupWindowMilliseconds = 90 * 24 * 3_600_000

const attributeKeys = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const
type AttributeKey = (typeof attributeKeys)[number]

/** The user name LookupEvents reports: the session name of a role session, the user's name, or `root`. */
export const userNameOf = (event: CloudTrailEvent): string | undefined => {
  const identity = event.userIdentity
  const type = identity.type
  if (type === "Root") return "root"
  if (typeof identity.userName === "string") return identity.userName
  const arn = identity.arn
  return typeof arn === "string" ? arn.slice(arn.lastIndexOf("/") + 1) : undefined
}

const accessKeyOf = (event: CloudTrailEvent): string | undefined =>
  typeof event.userIdentity.accessKeyId === "string" ? event.userIdentity.accessKeyId : undefined

/** Whether an event has the attribute value asked for. */
const matches = (event: CloudTrailEvent, key: AttributeKey, value: string): boolean => {
  switch (key) {
    case "EventId":
      return event.eventID === value
    case "EventName":
      return event.eventName === value
    case "ReadOnly":
      return String(event.readOnly) === value
    case "Username":
      return userNameOf(event) === value
    case "ResourceType":
      return eventResources(event).some((r) => r.ResourceType === value)
    case "ResourceName":
      return eventResources(event).some((r) => r.ResourceName === value)
    case "EventSource":
      return event.eventSource === value
    case "AccessKeyId":
      return accessKeyOf(event) === value
  }
}

/** A time member: epoch seconds (as the SDKs and the CLI send them) or ISO text. */
const timeOf = (input: Input, name: string): number | undefined => {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  const millis =
    typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(millis))
    throw new ServiceError("InvalidTimeRangeException", `${name} is not a valid time.`)
  return millis
}

const attributeOf = (input: Input): { readonly key: AttributeKey; readonly value: string } | undefined => {
  const list = input.LookupAttributes
  if (list === undefined || list === null) return undefined
  if (!Array.isArray(list))
    throw new ServiceError("InvalidLookupAttributesException", "LookupAttributes must be a list.")
  if (list.length === 0) return undefined
  if (list.length > 1)
    throw new ServiceError(
      "InvalidLookupAttributesException",
      "You can specify only one lookup attribute in a LookupEvents request.",
    )
  const attribute = list[0] as Record<string, unknown> | null
  const key = attribute?.AttributeKey
  const value = attribute?.AttributeValue
  if (typeof key !== "string" || !(attributeKeys as ReadonlyArray<string>).includes(key))
    throw new ServiceError(
      "InvalidLookupAttributesException",
      `AttributeKey ${String(key)} is not valid; use one of ${attributeKeys.join(", ")}.`,
    )
  if (typeof value !== "string" || value === "")
    throw new ServiceError("InvalidLookupAttributesException", "AttributeValue must be a non-empty string.")
  return { key: key as AttributeKey, value }
}

/**
 * The token of the next page names the next event itself rather than a position: events keep arriving at the
 * front of the list (newest first), which would shift positions between pages.
 */
const tokenFor = (event: CloudTrailEvent): string => Buffer.from(`ct1:${event.eventID}`).toString("base64url")

const startOf = (events: ReadonlyArray<CloudTrailEvent>, token: unknown): number => {
  if (token === undefined || token === null || token === "") return 0
  const decoded =
    typeof token === "string" ? /^ct1:(.+)$/.exec(Buffer.from(token, "base64url").toString("utf8")) : null
  const index = decoded ? events.findIndex((e) => e.eventID === decoded[1]) : -1
  if (index < 0) throw new ServiceError("InvalidNextTokenException", "A token you provided is not valid.")
  return index
}

/** How LookupEvents shows an event. */
const eventShape = (event: CloudTrailEvent) => {
  const user = userNameOf(event)
  const key = accessKeyOf(event)
  return {
    EventId: event.eventID,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    ...(key === undefined ? {} : { AccessKeyId: key }),
    EventTime: new Date(event.eventTime),
    EventSource: event.eventSource,
    ...(user === undefined ? {} : { Username: user }),
    Resources: eventResources(event),
    CloudTrailEvent: JSON.stringify(event),
  }
}

/**
 * LookupEvents over the events the sandbox recorded in the caller's account and Region: one lookup attribute, a
 * time range (the last 90 days by default), pages of up to 50.
 */
export const lookupEventsOperation: Operation = {
  name: "LookupEvents",
  readOnly: true,
  handle: (input, context) => {
    const attribute = attributeOf(input)
    const now = context.clock.now()
    const start = timeOf(input, "StartTime") ?? now - lookupWindowMilliseconds
    const end = timeOf(input, "EndTime") ?? now
    if (start > end)
      throw new ServiceError("InvalidTimeRangeException", "Start time must be before end time.")
    const category = input.EventCategory
    if (category !== undefined && category !== null && category !== "insight")
      throw new ServiceError("InvalidEventCategoryException", "EventCategory must be insight.")
    const requested = input.MaxResults
    const size = requested === undefined || requested === null ? maxLookupResults : Number(requested)
    if (!Number.isInteger(size) || size < 1 || size > maxLookupResults)
      throw new ServiceError(
        "InvalidMaxResultsException",
        `MaxResults must be from 1 to ${maxLookupResults}.`,
      )
    // The sandbox records management events only: an Insights lookup finds none.
    const events =
      category === "insight"
        ? []
        : context.trail.events(context.account, context.region).filter((event) => {
            const time = Date.parse(event.eventTime)
            return (
              time >= start &&
              time <= end &&
              (attribute === undefined || matches(event, attribute.key, attribute.value))
            )
          })
    const first = startOf(events, input.NextToken)
    const page = events.slice(first, first + size)
    const next = events[first + size]
    return {
      Events: page.map(eventShape),
      ...(next === undefined ? {} : { NextToken: tokenFor(next) }),
    }
  },
}
