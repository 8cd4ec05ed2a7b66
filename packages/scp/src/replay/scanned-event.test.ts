import { describe, expect, it } from "vitest"
import { apiCall } from "./events.test-support.ts"
import { incomplete, malformed } from "./json-scan.ts"
import { IdentityCache, ScannedEvent, scanEvent } from "./scanned-event.ts"

const scan = (text: string, start = 0): ScannedEvent => {
  const event = scanEvent(text, start)
  if (!(event instanceof ScannedEvent)) throw new Error(`scan failed: ${event}`)
  return event
}

describe("scanning one event", () => {
  it("finds the members replay reads and where the event ends", () => {
    const json = JSON.stringify(
      apiCall("rds.amazonaws.com", "CreateDBInstance", { requestParameters: { engine: "mysql" } }),
    )
    const text = `[${json},{}]`
    const event = scan(text, 1)
    expect(event.end).toBe(json.length + 1)
    expect(event.eventSource).toBe("rds.amazonaws.com")
    expect(event.eventName).toBe("CreateDBInstance")
    expect(event.eventTime).toBe("2026-11-20T08:01:02Z")
    expect(event.requestParameters).toEqual({ engine: "mysql" })
    expect(event.errorCode).toBeUndefined()
    expect(event.toJSON()).toEqual(JSON.parse(json))
  })

  it("decodes escapes and accepts whitespace anywhere JSON allows it", () => {
    const text =
      ' {\n  "eventName" :  "Create\\u0044BInstance" ,\n  "eventSource":"rds.amazonaws.com"\n, "x": [1, {"y": "\\"}"}] }'
    const event = scan(text, 1)
    expect(event.eventName).toBe("CreateDBInstance")
    expect(event.eventSource).toBe("rds.amazonaws.com")
    expect(event.end).toBe(text.length)
  })

  it("tells a member named like a field apart from the field itself", () => {
    // Same length and the same sampled characters as "eventTime": the scan's hash cannot tell them apart.
    const decoy = "evXXXXiXX"
    const both = scan(`{"${decoy}":"decoy","eventTime":"2026-11-20T08:01:02Z","eventName":"GetRole"}`)
    expect(both.eventTime).toBe("2026-11-20T08:01:02Z")
    const onlyDecoy = scan(`{"${decoy}":"decoy","eventName":"GetRole"}`)
    expect(onlyDecoy.eventTime).toBeUndefined()
    expect(onlyDecoy.has("eventTime")).toBe(false)
  })

  it("says when the text ends too soon and when it is not JSON", () => {
    const json = JSON.stringify(apiCall("ec2.amazonaws.com", "DescribeInstances"))
    expect(scanEvent(json.slice(0, 200), 0)).toBe(incomplete)
    expect(scanEvent('{"eventName" "x"}', 0)).toBe(malformed)
    expect(scanEvent('{"a":1 "b":2}', 0)).toBe(malformed)
  })

  it("shares one parsed userIdentity between the events of a session", () => {
    const identities = new IdentityCache()
    const json = JSON.stringify(apiCall("ec2.amazonaws.com", "DescribeInstances"))
    const text = `${json}${json}`
    const first = scanEvent(text, 0, identities) as ScannedEvent
    const second = scanEvent(text, first.end, identities) as ScannedEvent
    expect(first.userIdentity).toBe(second.userIdentity)
    expect(first.userIdentity).toMatchObject({ type: "AssumedRole" })
  })
})
