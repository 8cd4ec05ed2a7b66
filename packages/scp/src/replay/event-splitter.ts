import { type Diagnostic, parseJsonText, type SourcePosition } from "@rampart/model"
import { incomplete, skipString, skipValue, skipWhitespace, stringAt } from "./json-scan.ts"
import { type IdentityCache, type ScannedEvent, scanEvent } from "./scanned-event.ts"

/** What one file gave so far: the events found and the problems met. */
export interface SplitOutput {
  readonly events: ScannedEvent[]
  readonly diagnostics: Diagnostic[]
}

export interface SplitterOptions {
  /** Shared cache of parsed `userIdentity` members. */
  readonly identities?: IdentityCache
  /** A single top-level value longer than this is refused (default 128 Mi characters), so memory stays bounded. */
  readonly maxValueChars?: number
  /** Problems reported per file before the rest are only counted (default 20). */
  readonly maxDiagnostics?: number
}

type Mode = "top" | "elements" | "afterElement" | "members" | "afterMember" | "skipLine" | "stopped"

/** Outcome of one step of the state machine: keep going, or wait for more text. */
const more = false
const progress = true

const containerKeys = new Set(["Records", "Events"])

/**
 * Splits the text of one file, fed window by window, into CloudTrail events. It understands the log-file format
 * (`{"Records": [...]}`), `LookupEvents` output (`{"Events": [{"CloudTrailEvent": "<json>"}], "NextToken": ...}`),
 * a bare array, JSON lines and concatenated JSON values, and EventBridge envelopes (`{"detail": {...}}`). Arrays
 * of records are streamed element by element, so a file is never held whole; a problem becomes a diagnostic with
 * the file, line and column and the path (`Records[12]`), and reading goes on from the next line where it can.
 */
export class EventSplitter {
  readonly file: string
  readonly #identities: IdentityCache | undefined
  readonly #maxValueChars: number
  readonly #maxDiagnostics: number
  #text = ""
  #pos = 0
  /** Line and column (from 1) of `#text[0]` in the file. */
  #line = 1
  #column = 1
  #mode: Mode = "top"
  #array = ""
  #index = 0
  #firstElement = true
  #inObject = false
  /**
   * Set once the first top-level value turns out to fit on its line: the file is JSON lines, so a value that
   * does not end on its own line is a broken line, reported and passed over without losing the lines after it.
   */
  #lines: boolean | undefined
  #problems = 0
  #events: ScannedEvent[] = []
  #diagnostics: Diagnostic[] = []

  constructor(file: string, options: SplitterOptions = {}) {
    this.file = file
    this.#identities = options.identities
    this.#maxValueChars = options.maxValueChars ?? 128 * 1024 * 1024
    this.#maxDiagnostics = options.maxDiagnostics ?? 20
  }

  /**
   * Splits the next window of the file's text. The window must begin with what the previous call did not
   * consume; returns how many characters of this window were consumed (the caller keeps the rest for the next
   * window). Windows let the caller decode each part of the file once, without joining strings.
   */
  split(text: string): number {
    this.#text = text
    this.#pos = 0
    this.#run(false)
    const consumed = this.#pos
    this.#countLines(consumed)
    this.#text = ""
    return consumed
  }

  /** Marks the end of the file, with the text the last call left unconsumed: whatever is unfinished is reported. */
  finish(rest = ""): void {
    this.#text = rest
    this.#pos = 0
    this.#run(true)
    this.#text = ""
    if (this.#problems > this.#maxDiagnostics) {
      this.#diagnostics.push({
        severity: "error",
        code: "replay.more-problems",
        file: this.file,
        path: "",
        message: `${this.#problems - this.#maxDiagnostics} more problems in this file were not listed`,
        fix: "correct the problems listed and read the file again to see the rest",
      })
    }
  }

  /** The events and diagnostics found since the last call. */
  take(): SplitOutput {
    const out = { events: this.#events, diagnostics: this.#diagnostics }
    this.#events = []
    this.#diagnostics = []
    return out
  }

  /** Moves the line and column of the window's start past the consumed characters. */
  #countLines(consumed: number): void {
    const text = this.#text
    let lastNewline = -1
    let newline = text.indexOf("\n")
    while (newline >= 0 && newline < consumed) {
      this.#line++
      lastNewline = newline
      newline = text.indexOf("\n", newline + 1)
    }
    this.#column = lastNewline < 0 ? this.#column + consumed : consumed - lastNewline
  }

  #positionAt(offset: number): SourcePosition {
    const text = this.#text
    let line = this.#line
    let lineStart = -1
    let newline = text.indexOf("\n")
    while (newline >= 0 && newline < offset) {
      line++
      lineStart = newline
      newline = text.indexOf("\n", newline + 1)
    }
    return lineStart < 0 ? { line, column: this.#column + offset } : { line, column: offset - lineStart }
  }

  #problem(offset: number, path: string, code: string, message: string, fix: string, value?: unknown): void {
    this.#problems++
    if (this.#problems > this.#maxDiagnostics) return
    this.#diagnostics.push({
      severity: "error",
      code: `replay.${code}`,
      file: this.file,
      path,
      message,
      fix,
      position: this.#positionAt(offset),
      ...(value === undefined ? {} : { value }),
    })
  }

  /** Reports text that is not JSON, with the exact position `JSON.parse` finds in it. */
  #syntaxProblem(offset: number, end: number, path: string): void {
    const parsed = parseJsonText(this.#text.slice(offset, end), this.file)
    const base = this.#positionAt(offset)
    if (parsed.ok || parsed.error.position === undefined) {
      this.#problem(offset, path, "json", "not valid JSON", "correct the JSON of this event")
      return
    }
    const at = parsed.error.position
    this.#problems++
    if (this.#problems > this.#maxDiagnostics) return
    this.#diagnostics.push({
      ...parsed.error,
      code: "replay.json",
      path,
      position:
        at.line === 1
          ? { line: base.line, column: base.column + at.column - 1 }
          : { line: base.line + at.line - 1, column: at.column },
    })
  }

  #path(): string {
    return this.#array === "" ? `[${this.#index}]` : `${this.#array}[${this.#index}]`
  }

  #run(atEnd: boolean): void {
    for (;;) {
      if (this.#mode === "stopped") {
        this.#pos = this.#text.length
        return
      }
      if (this.#mode === "skipLine") {
        const newline = this.#text.indexOf("\n", this.#pos)
        if (newline < 0) {
          this.#pos = this.#text.length
          if (atEnd) this.#mode = "top"
          return
        }
        this.#pos = newline + 1
        this.#mode = "top"
        continue
      }
      this.#pos = skipWhitespace(this.#text, this.#pos)
      if (this.#pos >= this.#text.length) {
        if (atEnd && this.#mode !== "top") {
          this.#problem(
            this.#pos,
            this.#array === "" ? "" : this.#array,
            "truncated",
            "the file ends inside a JSON array or object",
            "the file is truncated: download or decompress it again",
          )
          this.#mode = "top"
        }
        return
      }
      const stepped =
        this.#mode === "top"
          ? this.#top(atEnd)
          : this.#mode === "elements"
            ? this.#element(atEnd)
            : this.#mode === "afterElement"
              ? this.#afterElement()
              : this.#mode === "members"
                ? this.#member(atEnd)
                : this.#afterMember()
      if (stepped === more) {
        if (atEnd) {
          this.#problem(
            this.#pos,
            this.#mode === "elements" ? this.#path() : "",
            "truncated",
            "the file ends inside an event",
            "the file is truncated: download or decompress it again",
          )
          this.#mode = "stopped"
          continue
        }
        if (this.#text.length - this.#pos > this.#maxValueChars) {
          this.#problem(
            this.#pos,
            "",
            "too-large",
            `a JSON value here is longer than ${this.#maxValueChars} characters or never closed`,
            "split the input into CloudTrail log files, JSON lines or LookupEvents pages",
          )
          this.#mode = this.#mode === "top" ? "skipLine" : "stopped"
          if (this.#mode === "skipLine") this.#pos++
          continue
        }
        return
      }
    }
  }

  /** At the top level: a container object, an array, or one event (JSON lines). */
  #top(atEnd: boolean): boolean {
    const text = this.#text
    const c = text.charCodeAt(this.#pos)
    if (c === 91) {
      this.#enterArray("", false, this.#pos + 1)
      return progress
    }
    if (c !== 123) {
      this.#problem(
        this.#pos,
        "",
        "not-json",
        "expected a JSON object or array",
        "give CloudTrail log files, JSON lines or LookupEvents output",
        text.slice(this.#pos, this.#pos + 20),
      )
      this.#mode = "skipLine"
      return progress
    }
    // Peek at the first member: `{"Records": [` starts a stream of records; anything else is one value.
    const first = this.#peekMember(this.#pos + 1)
    if (first === undefined) return atEnd ? this.#whole(atEnd) : more
    if (first !== null && containerKeys.has(first.key) && text.charCodeAt(first.value) === 91) {
      this.#enterArray(first.key, true, first.value + 1)
      return progress
    }
    return this.#whole(atEnd)
  }

  /** The first member's name and where its value starts; null when the object has none; undefined if cut off. */
  #peekMember(from: number): { readonly key: string; readonly value: number } | null | undefined {
    const text = this.#text
    const i = skipWhitespace(text, from)
    if (i >= text.length) return undefined
    if (text.charCodeAt(i) !== 34) return null
    const keyEnd = skipString(text, i)
    if (keyEnd === incomplete) return undefined
    if (keyEnd < 0) return null
    const colon = skipWhitespace(text, keyEnd)
    if (colon >= text.length) return undefined
    if (text.charCodeAt(colon) !== 58) return null
    const value = skipWhitespace(text, colon + 1)
    if (value >= text.length) return undefined
    return { key: stringAt(text, i, keyEnd), value }
  }

  /** One top-level object read whole: an event, a LookupEvents page, an EventBridge envelope. */
  #whole(atEnd: boolean): boolean {
    const text = this.#text
    const start = this.#pos
    const newline = text.indexOf("\n", start)
    const lineEnd = newline < 0 ? text.length : newline
    const scanned = scanEvent(text, start, this.#identities)
    const crossesLine =
      this.#lines === true && (typeof scanned === "number" ? newline >= 0 : scanned.end > lineEnd)
    if (crossesLine || (typeof scanned === "number" && scanned !== incomplete)) {
      this.#syntaxProblem(start, lineEnd, "")
      this.#mode = "skipLine"
      return progress
    }
    if (scanned === incomplete) {
      if (!atEnd) return more
      this.#problem(
        start,
        "",
        "truncated",
        "the file ends inside an event",
        "the file is truncated: download or decompress it again",
      )
      this.#mode = "skipLine"
      return progress
    }
    if (typeof scanned === "number") return progress
    if (this.#lines === undefined) this.#lines = scanned.end <= lineEnd
    this.#pos = scanned.end
    this.#accept(scanned, "", start, true)
    return progress
  }

  #enterArray(name: string, inObject: boolean, at: number): void {
    this.#array = name
    this.#index = 0
    this.#firstElement = true
    this.#inObject = inObject
    this.#mode = "elements"
    this.#pos = at
  }

  #closeArray(): void {
    this.#mode = this.#inObject ? "afterMember" : "top"
  }

  #element(_atEnd: boolean): boolean {
    const text = this.#text
    const start = this.#pos
    const c = text.charCodeAt(start)
    if (c === 93 && this.#firstElement) {
      this.#pos++
      this.#closeArray()
      return progress
    }
    if (c !== 123) {
      const end = skipValue(text, start)
      if (end === incomplete) return more
      if (end < 0) {
        this.#syntaxProblem(start, Math.min(text.length, start + 200), this.#path())
        this.#mode = "stopped"
        return progress
      }
      this.#problem(
        start,
        this.#path(),
        "not-an-event",
        "expected an event object",
        "each element must be a CloudTrail event",
        text.slice(start, Math.min(end, start + 40)),
      )
      this.#pos = end
      this.#mode = "afterElement"
      return progress
    }
    const scanned = scanEvent(text, start, this.#identities)
    if (scanned === incomplete) return more
    if (typeof scanned === "number") {
      this.#syntaxProblem(start, Math.min(text.length, start + 1_000_000), this.#path())
      this.#mode = "stopped"
      return progress
    }
    this.#pos = scanned.end
    this.#accept(scanned, this.#path(), start, false)
    this.#mode = "afterElement"
    return progress
  }

  #afterElement(): boolean {
    const c = this.#text.charCodeAt(this.#pos)
    if (c === 44) {
      this.#pos++
      this.#index++
      this.#firstElement = false
      this.#mode = "elements"
      return progress
    }
    if (c === 93) {
      this.#pos++
      this.#closeArray()
      return progress
    }
    this.#problem(
      this.#pos,
      this.#path(),
      "json",
      `expected "," or "]" after ${this.#path()}`,
      "correct the JSON at that position; the rest of the file is not read",
      this.#text.slice(this.#pos, this.#pos + 20),
    )
    this.#mode = "stopped"
    return progress
  }

  /** Inside a container object, after `,`: the next member, which may be another array of records. */
  #member(atEnd: boolean): boolean {
    const text = this.#text
    if (text.charCodeAt(this.#pos) === 125) {
      this.#pos++
      this.#mode = "top"
      return progress
    }
    const member = this.#peekMember(this.#pos)
    if (member === undefined) return atEnd ? this.#stop("the file ends inside an object") : more
    if (member === null) return this.#stop('expected a member name in quotes, e.g. "Records"')
    if (containerKeys.has(member.key) && text.charCodeAt(member.value) === 91) {
      this.#enterArray(member.key, true, member.value + 1)
      return progress
    }
    const end = skipValue(text, member.value)
    if (end === incomplete) return more
    if (end < 0) return this.#stop(`the value of "${member.key}" is not valid JSON`)
    this.#pos = end
    this.#mode = "afterMember"
    return progress
  }

  #afterMember(): boolean {
    const c = this.#text.charCodeAt(this.#pos)
    if (c === 44) {
      this.#pos++
      this.#mode = "members"
      return progress
    }
    if (c === 125) {
      this.#pos++
      this.#mode = "top"
      return progress
    }
    return this.#stop('expected "," or "}"')
  }

  #stop(message: string): boolean {
    this.#problem(
      this.#pos,
      "",
      "json",
      message,
      "correct the JSON at that position; the rest of the file is not read",
      this.#text.slice(this.#pos, this.#pos + 20),
    )
    this.#mode = "stopped"
    return progress
  }

  /** Takes an event, or unwraps the envelopes events come in. */
  #accept(scanned: ScannedEvent, path: string, offset: number, topLevel: boolean): void {
    if (scanned.has("eventSource") || scanned.has("eventName") || scanned.has("eventType")) {
      this.#events.push(scanned)
      return
    }
    const text = scanned.text
    const inner = scanned.span("CloudTrailEvent")
    if (inner !== undefined && text.charCodeAt(inner[0]) === 34) {
      const json = stringAt(text, inner[0], inner[1])
      const innerPath = path === "" ? "CloudTrailEvent" : `${path}.CloudTrailEvent`
      const start = skipWhitespace(json, 0)
      const event = json.charCodeAt(start) === 123 ? scanEvent(json, start, this.#identities) : undefined
      if (event === undefined || typeof event === "number") {
        const parsed = parseJsonText(json, this.file)
        this.#problem(
          offset,
          innerPath,
          "not-an-event",
          parsed.ok
            ? "CloudTrailEvent is not a JSON object"
            : `CloudTrailEvent is not valid JSON: ${parsed.error.message}`,
          "give the LookupEvents output unchanged",
        )
        return
      }
      this.#events.push(event)
      return
    }
    const detail = scanned.span("detail")
    if (detail !== undefined && text.charCodeAt(detail[0]) === 123) {
      const event = scanEvent(text, detail[0], this.#identities)
      if (typeof event !== "number") {
        this.#accept(event, path === "" ? "detail" : `${path}.detail`, offset, false)
        return
      }
    }
    if (topLevel) {
      for (const name of containerKeys) {
        const array = scanned.span(name as "Records" | "Events")
        if (array !== undefined && text.charCodeAt(array[0]) === 91) {
          this.#acceptAll(text, array[0], name, offset)
          return
        }
      }
    }
    this.#problem(
      offset,
      path,
      "not-an-event",
      "this JSON value is not a CloudTrail event (no eventSource, eventName or eventType)",
      "give CloudTrail log files, JSON lines of events or LookupEvents output",
    )
  }

  /** The elements of an array held whole (a container whose array is not its first member). */
  #acceptAll(text: string, open: number, name: string, offset: number): void {
    let i = skipWhitespace(text, open + 1)
    let index = 0
    if (text.charCodeAt(i) === 93) return
    for (;;) {
      const path = `${name}[${index}]`
      const event = text.charCodeAt(i) === 123 ? scanEvent(text, i, this.#identities) : undefined
      if (event === undefined || typeof event === "number") {
        this.#problem(
          offset,
          path,
          "not-an-event",
          "expected an event object",
          "each element must be a CloudTrail event",
        )
        return
      }
      this.#accept(event, path, offset, false)
      i = skipWhitespace(text, event.end)
      if (text.charCodeAt(i) !== 44) return
      i = skipWhitespace(text, i + 1)
      index++
    }
  }
}
