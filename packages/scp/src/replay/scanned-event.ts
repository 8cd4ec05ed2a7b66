import type { CloudTrailEvent } from "./cloudtrail-event.ts"
import {
  incomplete,
  malformed,
  skipContainer,
  skipString,
  skipValue,
  skipWhitespace,
  stringAt,
} from "./json-scan.ts"

/**
 * The top-level members replay reads, and those that mark a wrapper around events (LookupEvents' `CloudTrailEvent`,
 * EventBridge's `detail`, a log file's `Records`). Everything else is skipped without being parsed.
 */
const fields = [
  "userIdentity",
  "eventTime",
  "eventSource",
  "eventName",
  "awsRegion",
  "sourceIPAddress",
  "errorCode",
  "errorMessage",
  "requestParameters",
  "eventID",
  "eventType",
  "eventCategory",
  "recipientAccountId",
  "sharedEventID",
  "vpcEndpointId",
  "CloudTrailEvent",
  "detail",
  "Records",
  "Events",
] as const

/** A member name replay reads. */
export type ScannedField = (typeof fields)[number]

const fieldIndex = new Map<string, number>(fields.map((name, i) => [name, i]))
const indexOf = (name: ScannedField): number => fieldIndex.get(name) as number
const userIdentityField = indexOf("userIdentity")
const eventTimeField = indexOf("eventTime")
const eventSourceField = indexOf("eventSource")
const eventNameField = indexOf("eventName")
const awsRegionField = indexOf("awsRegion")
const sourceIpField = indexOf("sourceIPAddress")
const errorCodeField = indexOf("errorCode")
const errorMessageField = indexOf("errorMessage")
const requestParametersField = indexOf("requestParameters")
const eventIdField = indexOf("eventID")
const eventTypeField = indexOf("eventType")
const eventCategoryField = indexOf("eventCategory")
const recipientAccountField = indexOf("recipientAccountId")
const sharedEventIdField = indexOf("sharedEventID")
const vpcEndpointField = indexOf("vpcEndpointId")

/** Three slots per field and event: where its member name starts, where its value starts and ends; 0 = absent. */
const slotsPerField = 3
const slotsPerEvent = fields.length * slotsPerField

/**
 * Member names are told apart by their length and a hash of three characters (chosen so that no other member
 * name CloudTrail, LookupEvents or EventBridge writes shares both with a field). The scan trusts the hash (it runs
 * for every member of every event, so it must cost a few operations); the name is compared in full only when the
 * field is read, and a mismatch (another member with the same length and hash) sends that field to a slow exact
 * search. Fields that share a bucket differ in length, so a member named like a field always lands in that field's
 * slot: an empty slot means the member is absent.
 */
const hashBits = 8
const candidatesPerBucket = 4
const hashOf = (text: string, start: number, length: number): number =>
  (length * 7 +
    text.charCodeAt(start) * 3 +
    text.charCodeAt(start + 1) * 5 +
    text.charCodeAt(start + (length > 6 ? 6 : length - 1)) * 7) &
  ((1 << hashBits) - 1)
const buckets = new Int16Array((1 << hashBits) * candidatesPerBucket).fill(-1)
for (const [name, index] of fieldIndex) {
  const bucket = hashOf(name, 0, name.length) * candidatesPerBucket
  let slot = bucket
  while (buckets[slot] !== -1) {
    if ((fields[buckets[slot] as number] as string).length === name.length) {
      throw new Error(`member names ${name} and ${fields[buckets[slot] as number]} are not told apart`)
    }
    slot++
  }
  if (slot >= bucket + candidatesPerBucket)
    throw new Error(`too many member names share hash bucket ${bucket}`)
  buckets[slot] = index
}

/** The field whose name has this length and hash, or -1; the name itself is not compared. */
const candidateOf = (text: string, nameStart: number, length: number): number => {
  const bucket = hashOf(text, nameStart, length) * candidatesPerBucket
  for (let slot = bucket; slot < bucket + candidatesPerBucket; slot++) {
    const field = buckets[slot] as number
    if (field < 0) return -1
    if ((fields[field] as string).length === length) return field
  }
  return -1
}

/**
 * Where the members of many events lie, in one typed array, so that scanning an event allocates little: a
 * million events would otherwise leave a million small arrays for the garbage collector.
 */
class SpanPool {
  readonly spans: Int32Array
  used = 0
  constructor(events: number) {
    this.spans = new Int32Array(events * slotsPerEvent)
  }
}

const poolEvents = 4096
let pool = new SpanPool(poolEvents)

/**
 * Parsed `userIdentity` members by their exact text: the events of one session repeat the same member, and
 * parsing it for every event would cost more than the rest of the scan. The few members seen last are compared
 * first (a session's calls come in bursts, and comparing texts is much cheaper than hashing them); the others are
 * found through a map. The values are shared: treat them as read-only.
 */
export class IdentityCache {
  readonly #recent: Array<{ readonly text: string; readonly value: unknown }> = []
  readonly #byText = new Map<string, unknown>()
  readonly #limit: number
  constructor(limit = 20_000) {
    this.#limit = limit
  }

  /** The parsed value of `source[start, end)`, parsing it only the first time that text is seen. */
  parse(source: string, start: number, end: number): unknown {
    const text = source.slice(start, end)
    const recent = this.#recent
    for (let i = 0; i < recent.length; i++) {
      const entry = recent[i] as { readonly text: string; readonly value: unknown }
      if (entry.text === text) {
        if (i > 0) {
          recent.splice(i, 1)
          recent.unshift(entry)
        }
        return entry.value
      }
    }
    let value = this.#byText.get(text)
    // A copy, so that the cache does not keep alive the whole window of text the member was sliced from.
    const copy = ` ${text}`.slice(1)
    if (value === undefined) {
      value = JSON.parse(text)
      if (this.#byText.size >= this.#limit) this.#byText.clear()
      this.#byText.set(copy, value)
    }
    recent.unshift({ text: copy, value })
    if (recent.length > recentIdentities) recent.pop()
    return value
  }
}

const recentIdentities = 8

/**
 * One event found in a larger text, read lazily: the scan records where each member replay reads lies, and a
 * member is sliced or parsed only when asked for. Holding the event keeps the text it was found in alive; take
 * `toJSON()` for a copy that does not.
 */
export class ScannedEvent implements CloudTrailEvent {
  readonly text: string
  readonly start: number
  /** Just past the closing brace. */
  readonly end: number
  readonly #spans: Int32Array
  readonly #base: number
  readonly #identities: IdentityCache | undefined
  /** Bit per field: its member name was compared in full. */
  #checked = 0
  #requestParameters: unknown

  constructor(
    text: string,
    start: number,
    end: number,
    spans: Int32Array,
    base: number,
    identities: IdentityCache | undefined,
  ) {
    this.text = text
    this.start = start
    this.end = end
    this.#spans = spans
    this.#base = base
    this.#identities = identities
  }

  /** The slot index of a field's value start, after making sure the member found is really that field. */
  #slot(field: number): number {
    const slot = this.#base + field * slotsPerField
    if ((this.#checked & (1 << field)) !== 0) return slot
    this.#checked |= 1 << field
    const nameStart = this.#spans[slot] as number
    if (nameStart === 0) return slot
    const name = fields[field] as string
    if (
      this.text.startsWith(name, nameStart + 1) &&
      this.text.charCodeAt(nameStart + 1 + name.length) === 34
    ) {
      return slot
    }
    // Another member had the same length and hash: look for the real one, exactly.
    const found = findMember(this.text, this.start, name)
    this.#spans[slot] = found === undefined ? 0 : found[0]
    this.#spans[slot + 1] = found === undefined ? 0 : found[1]
    this.#spans[slot + 2] = found === undefined ? 0 : found[2]
    return slot
  }

  #range(field: number): readonly [number, number] | undefined {
    const slot = this.#slot(field)
    return this.#spans[slot] === 0
      ? undefined
      : [this.#spans[slot + 1] as number, this.#spans[slot + 2] as number]
  }

  /** Whether the member is present (with any value, `null` included). */
  has(field: ScannedField): boolean {
    return this.#spans[this.#slot(indexOf(field))] !== 0
  }

  /** Where a member's value lies in `text`, or undefined when absent. */
  span(field: ScannedField): readonly [number, number] | undefined {
    return this.#range(indexOf(field))
  }

  /** The raw JSON text of a member, or undefined when absent. */
  rawText(field: ScannedField): string | undefined {
    const range = this.#range(indexOf(field))
    return range === undefined ? undefined : this.text.slice(range[0], range[1])
  }

  #value(field: number): unknown {
    const slot = this.#slot(field)
    if (this.#spans[slot] === 0) return undefined
    const start = this.#spans[slot + 1] as number
    const end = this.#spans[slot + 2] as number
    if (this.text.charCodeAt(start) === 34) return stringAt(this.text, start, end)
    return JSON.parse(this.text.slice(start, end))
  }

  get eventTime(): unknown {
    return this.#value(eventTimeField)
  }
  get eventSource(): unknown {
    return this.#value(eventSourceField)
  }
  get eventName(): unknown {
    return this.#value(eventNameField)
  }
  get awsRegion(): unknown {
    return this.#value(awsRegionField)
  }
  get sourceIPAddress(): unknown {
    return this.#value(sourceIpField)
  }
  get errorCode(): unknown {
    return this.#value(errorCodeField)
  }
  get errorMessage(): unknown {
    return this.#value(errorMessageField)
  }
  get eventID(): unknown {
    return this.#value(eventIdField)
  }
  get eventType(): unknown {
    return this.#value(eventTypeField)
  }
  get eventCategory(): unknown {
    return this.#value(eventCategoryField)
  }
  get recipientAccountId(): unknown {
    return this.#value(recipientAccountField)
  }
  get sharedEventID(): unknown {
    return this.#value(sharedEventIdField)
  }
  get vpcEndpointId(): unknown {
    return this.#value(vpcEndpointField)
  }

  get userIdentity(): unknown {
    const range = this.#range(userIdentityField)
    if (range === undefined) return undefined
    return this.#identities
      ? this.#identities.parse(this.text, range[0], range[1])
      : JSON.parse(this.text.slice(range[0], range[1]))
  }

  /** Parsed on first use; most actions never need it. */
  get requestParameters(): unknown {
    if (this.#requestParameters === undefined) this.#requestParameters = this.#value(requestParametersField)
    return this.#requestParameters
  }

  /** The whole event, parsed into a plain object independent of the text it was found in. */
  toJSON(): unknown {
    return JSON.parse(this.text.slice(this.start, this.end))
  }
}

/** The exact search behind a hash collision: name start, value start and end of member `name`, if present. */
const findMember = (
  text: string,
  start: number,
  name: string,
): readonly [number, number, number] | undefined => {
  let found: readonly [number, number, number] | undefined
  let i = skipWhitespace(text, start + 1)
  while (text.charCodeAt(i) === 34) {
    const keyEnd = skipString(text, i)
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1)
    const valueEnd = skipValue(text, valueStart)
    if (keyEnd < 0 || valueEnd < 0) return found
    if (stringAt(text, i, keyEnd) === name) found = [i, valueStart, valueEnd]
    i = skipWhitespace(text, valueEnd)
    if (text.charCodeAt(i) !== 44) return found
    i = skipWhitespace(text, i + 1)
  }
  return found
}

/** Whitespace is rare in CloudTrail's own JSON: test one character before calling out. */
const skipSpace = (text: string, i: number): number =>
  text.charCodeAt(i) <= 32 ? skipWhitespace(text, i) : i

/**
 * Scans the JSON object starting at `start` (its `{`), recording where the members replay reads lie, and returns
 * the event or `incomplete` / `malformed` (see json-scan.ts). Members are separated and terminated as JSON
 * requires; skipped values are checked only for balanced brackets and terminated strings.
 */
export const scanEvent = (text: string, start: number, identities?: IdentityCache): ScannedEvent | number => {
  if (pool.used === poolEvents) pool = new SpanPool(poolEvents)
  const spans = pool.spans
  const base = pool.used * slotsPerEvent
  const end = scanMembers(text, start, spans, base)
  if (end < 0) {
    spans.fill(0, base, base + slotsPerEvent)
    return end
  }
  pool.used++
  return new ScannedEvent(text, start, end, spans, base, identities)
}

/** Bit `n` is set when some field's name has `n` characters: most member names are then rejected at once. */
const fieldLengths = fields.reduce((bits, name) => bits | (1 << name.length), 0)

/**
 * The loop behind `scanEvent`, written for CloudTrail's own compact JSON (no whitespace between tokens) with a
 * general path for anything else: it runs for every member of every event, so each test saved counts.
 */
const scanMembers = (text: string, start: number, spans: Int32Array, base: number): number => {
  const n = text.length
  let i = skipSpace(text, start + 1)
  if (i >= n) return incomplete
  if (text.charCodeAt(i) === 125) return i + 1
  for (;;) {
    if (text.charCodeAt(i) !== 34) return i >= n ? incomplete : malformed
    const keyEnd = skipString(text, i)
    if (keyEnd < 0) return keyEnd
    let j = keyEnd
    if (text.charCodeAt(j) !== 58) {
      j = skipSpace(text, j)
      if (j >= n) return incomplete
      if (text.charCodeAt(j) !== 58) return malformed
    }
    j++
    let c = text.charCodeAt(j)
    if (c <= 32) {
      j = skipWhitespace(text, j)
      c = text.charCodeAt(j)
    }
    const valueEnd =
      c === 34 ? skipString(text, j) : c === 123 || c === 91 ? skipContainer(text, j) : skipValue(text, j)
    if (valueEnd < 0) return valueEnd
    const length = keyEnd - i - 2
    if (length < 31 && ((fieldLengths >>> length) & 1) === 1) {
      const field = candidateOf(text, i + 1, length)
      const slot = base + field * slotsPerField
      if (field >= 0 && spans[slot] === 0) {
        spans[slot] = i
        spans[slot + 1] = j
        spans[slot + 2] = valueEnd
      }
    }
    i = valueEnd
    c = text.charCodeAt(i)
    if (c <= 32) {
      i = skipWhitespace(text, i)
      if (i >= n) return incomplete
      c = text.charCodeAt(i)
    }
    if (c === 44) {
      i++
      if (text.charCodeAt(i) <= 32) i = skipWhitespace(text, i)
      if (i >= n) return incomplete
    } else if (c === 125) return i + 1
    else return i >= n ? incomplete : malformed
  }
}
