import { type CloudTrailEvent, isRecord } from "./cloudtrail-event.ts"

const maxText = 300
const maxItems = 10
const maxDepth = 6
const omitted = ["responseElements", "additionalEventData", "tlsDetails"]

const trim = (value: unknown, depth: number): unknown => {
  if (typeof value === "string")
    return value.length > maxText ? `${value.slice(0, maxText)}… (${value.length} characters)` : value
  if (Array.isArray(value)) {
    if (depth >= maxDepth) return `[${value.length} items]`
    const items = value.slice(0, maxItems).map((item) => trim(item, depth + 1))
    return value.length > maxItems ? [...items, `… ${value.length - maxItems} more`] : items
  }
  if (isRecord(value)) {
    if (depth >= maxDepth) return "{…}"
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trim(item, depth + 1)]))
  }
  return value
}

/**
 * A copy of an event small enough for a report: response elements, additional data and TLS details are marked
 * omitted (replay does not read them), long strings and lists are cut.
 */
export const trimEvent = (event: CloudTrailEvent): unknown => {
  const whole =
    typeof (event as { toJSON?: unknown }).toJSON === "function"
      ? (event as { toJSON: () => unknown }).toJSON()
      : event
  if (!isRecord(whole)) return whole
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(whole)) {
    copy[key] = omitted.includes(key) && value !== null && value !== undefined ? "(omitted)" : trim(value, 1)
  }
  return copy
}
