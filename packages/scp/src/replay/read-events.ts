import { isAscii } from "node:buffer"
import { type FileHandle, open, readdir, stat } from "node:fs/promises"
import { join } from "node:path"
import { createGunzip } from "node:zlib"
import type { Diagnostic } from "@rampart/model"
import type { CloudTrailEvent } from "./cloudtrail-event.ts"
import { EventSplitter } from "./event-splitter.ts"
import { IdentityCache } from "./scanned-event.ts"

/** Events read from one file, in file order, with the problems met while reading them. */
export interface EventBatch {
  readonly file: string
  readonly events: ReadonlyArray<CloudTrailEvent>
  readonly diagnostics: ReadonlyArray<Diagnostic>
}

/** One thing reading found: an event (with its file) or a problem. */
export type ReadItem =
  | { readonly kind: "event"; readonly file: string; readonly event: CloudTrailEvent }
  | { readonly kind: "diagnostic"; readonly diagnostic: Diagnostic }

export interface ReadEventsOptions {
  /** Bytes read from disk at a time (default 4 MiB); each batch holds the events of about that much text. */
  readonly chunkBytes?: number
  /** Problems listed per file before the rest are only counted (default 20). */
  readonly maxDiagnosticsPerFile?: number
}

const gzipMagic = [0x1f, 0x8b] as const

/**
 * Reads CloudTrail events from files and directories (recursively, in name order), in every format the splitter
 * knows (see event-splitter.ts), gzip-compressed or not, told apart by the first bytes rather than the name.
 * Files are streamed in chunks, so memory stays flat whatever the size. CloudTrail digest files
 * (`*CloudTrail-Digest*`) and hidden files are passed over. Problems never throw: they come back as diagnostics.
 */
export async function* readEventBatches(
  paths: string | ReadonlyArray<string>,
  options: ReadEventsOptions = {},
): AsyncGenerator<EventBatch> {
  const identities = new IdentityCache()
  for (const path of typeof paths === "string" ? [paths] : paths) {
    const listed = await listFiles(path)
    if (!listed.ok) {
      yield { file: path, events: [], diagnostics: [listed.diagnostic] }
      continue
    }
    for (const file of listed.files) yield* readFile(file, identities, options)
  }
}

/** The same as `readEventBatches`, one event or diagnostic at a time. */
export async function* readEvents(
  paths: string | ReadonlyArray<string>,
  options: ReadEventsOptions = {},
): AsyncGenerator<ReadItem> {
  for await (const batch of readEventBatches(paths, options)) {
    for (const diagnostic of batch.diagnostics) yield { kind: "diagnostic", diagnostic }
    for (const event of batch.events) yield { kind: "event", file: batch.file, event }
  }
}

type Listing =
  | { readonly ok: true; readonly files: ReadonlyArray<string> }
  | { readonly ok: false; readonly diagnostic: Diagnostic }

const skippedName = (name: string): boolean => name.startsWith(".") || name.includes("CloudTrail-Digest")

const listFiles = async (path: string): Promise<Listing> => {
  try {
    const info = await stat(path)
    if (!info.isDirectory()) return { ok: true, files: [path] }
    const files: string[] = []
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      )
      for (const entry of entries) {
        if (skippedName(entry.name)) continue
        const full = join(dir, entry.name)
        const isDirectory =
          entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full)).isDirectory())
        if (isDirectory) await walk(full)
        else if (entry.isFile() || entry.isSymbolicLink()) files.push(full)
      }
    }
    await walk(path)
    return { ok: true, files }
  } catch (cause) {
    return { ok: false, diagnostic: readProblem(path, cause) }
  }
}

const readProblem = (file: string, cause: unknown): Diagnostic => {
  const code = (cause as { code?: unknown }).code
  const message = cause instanceof Error ? cause.message : String(cause)
  return {
    severity: "error",
    code: "replay.read",
    file,
    path: "",
    message: code === "ENOENT" ? "no such file or directory" : `cannot read: ${message}`,
    fix: "give a CloudTrail log file, a directory of them, JSON lines or LookupEvents output",
  }
}

/** Whether a file starts with the gzip magic bytes; reads without moving the file position. */
const isGzip = async (handle: FileHandle): Promise<boolean> => {
  const head = Buffer.alloc(2)
  const { bytesRead } = await handle.read(head, 0, 2, 0)
  return bytesRead === 2 && head[0] === gzipMagic[0] && head[1] === gzipMagic[1]
}

/** Fills `target` from `offset` with up to `length` further bytes of a file; 0 at the end. */
type ByteSource = (target: Buffer, offset: number, length: number) => Promise<number>

const fileBytes =
  (handle: FileHandle): ByteSource =>
  async (target, offset, length) =>
    (await handle.read(target, offset, length, null)).bytesRead

const streamBytes = (stream: AsyncIterable<Buffer>): ByteSource => {
  const chunks = stream[Symbol.asyncIterator]()
  let pending: Buffer | undefined
  return async (target, offset, length) => {
    let filled = 0
    while (filled < length) {
      if (pending === undefined || pending.length === 0) {
        const next = await chunks.next()
        if (next.done) break
        pending = next.value
      }
      const take = Math.min(pending.length, length - filled)
      pending.copy(target, offset + filled, 0, take)
      pending = pending.subarray(take)
      filled += take
    }
    return filled
  }
}

async function* readFile(
  file: string,
  identities: IdentityCache,
  options: ReadEventsOptions,
): AsyncGenerator<EventBatch> {
  const splitter = new EventSplitter(file, {
    identities,
    ...(options.maxDiagnosticsPerFile === undefined ? {} : { maxDiagnostics: options.maxDiagnosticsPerFile }),
  })
  const chunkBytes = options.chunkBytes ?? 4 * 1024 * 1024
  let compressed = false
  let handle: FileHandle | undefined
  try {
    handle = await open(file, "r")
    compressed = await isGzip(handle)
    let source = fileBytes(handle)
    if (compressed) {
      const raw = handle.createReadStream({ highWaterMark: chunkBytes, autoClose: false })
      const gunzip = createGunzip({ chunkSize: chunkBytes })
      // pipe() does not pass errors on: a failed read must end the decompression, or reading would wait forever.
      raw.on("error", (error) => gunzip.destroy(error))
      source = streamBytes(raw.pipe(gunzip))
    }
    for await (const _ of windows(source, chunkBytes, splitter)) {
      const out = splitter.take()
      if (out.events.length > 0 || out.diagnostics.length > 0) yield { file, ...out }
    }
  } catch (cause) {
    splitter.finish()
    const out = splitter.take()
    const problem = compressed
      ? {
          ...readProblem(file, cause),
          code: "replay.gzip",
          message: `not a complete gzip stream: ${cause instanceof Error ? cause.message : String(cause)}`,
          fix: "download the file again; a CloudTrail log file is a single gzip member",
        }
      : readProblem(file, cause)
    yield { file, events: out.events, diagnostics: [...out.diagnostics, problem] }
    return
  } finally {
    await handle?.close()
  }
  const out = splitter.take()
  if (out.events.length > 0 || out.diagnostics.length > 0) yield { file, ...out }
}

/**
 * Feeds a file to the splitter window by window. Each window is decoded once: the bytes the splitter did not
 * consume (an event cut by the window's end) are copied in front of the next read, which was started while the
 * splitter worked on the previous window, so that reading and decompressing overlap with scanning. Windows of
 * plain ASCII (what CloudTrail writes almost always) take the faster Latin-1 decoding, which gives the same
 * characters; a window never ends inside a UTF-8 sequence.
 */
async function* windows(
  source: ByteSource,
  chunkBytes: number,
  splitter: EventSplitter,
): AsyncGenerator<void> {
  // Room in front of each read for what the previous window left over.
  const headroom = chunkBytes
  let current = Buffer.allocUnsafe(headroom + chunkBytes)
  let next = Buffer.allocUnsafe(headroom + chunkBytes)
  let pending = source(current, headroom, chunkBytes)
  let tail: Buffer = Buffer.alloc(0)
  let first = true
  for (;;) {
    const read = await pending
    let window: Buffer
    let start: number
    if (tail.length <= headroom) {
      tail.copy(current, headroom - tail.length)
      window = current
      start = headroom - tail.length
    } else {
      // An event longer than a window: gather it in a buffer of its own.
      window = Buffer.concat([tail, current.subarray(headroom, headroom + read)])
      start = 0
    }
    const end = window === current ? headroom + read : window.length
    if (read === 0) {
      const rest = window.toString("utf8", start, end)
      splitter.finish(first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest)
      yield
      return
    }
    pending = source(next, headroom, chunkBytes)
    const cut = completeUtf8Length(window, start, end)
    const ascii = isAscii(window.subarray(start, cut))
    let text = window.toString(ascii ? "latin1" : "utf8", start, cut)
    let skipped = 0
    if (first && text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1)
      skipped = 3
    }
    first = false
    const consumed = splitter.split(text)
    const restBytes = ascii ? text.length - consumed : Buffer.byteLength(text.slice(consumed))
    tail = window.subarray(Math.max(start + skipped, cut - restBytes), end)
    const spare = current
    current = next
    next = spare
    yield
  }
}

/** The end of the longest prefix of `bytes[start, end)` that does not end inside a multi-byte UTF-8 sequence. */
const completeUtf8Length = (bytes: Buffer, start: number, end: number): number => {
  let i = end - 1
  while (i >= start && end - i <= 4 && ((bytes[i] as number) & 0xc0) === 0x80) i--
  if (i < start) return end
  const lead = bytes[i] as number
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return end - i < size ? i : end
}
