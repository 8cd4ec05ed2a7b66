import { createHash, createHmac } from "node:crypto"
import type { WireRequest } from "../protocol/wire.ts"

/** The keys a request is signed with: a long-term key, or temporary credentials with their session token. */
export interface SigningCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** A request before signing: header names in any case; the body as bytes or text. */
export interface UnsignedRequest {
  readonly method: string
  /** The path as it travels on the wire (already percent-encoded). */
  readonly path: string
  /** The query string without `?`, as it travels on the wire. */
  readonly query: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer | string
}

export interface SigningOptions {
  readonly credentials: SigningCredentials
  readonly region: string
  /** The SigV4 signing name (`sts`, `rds`, `organizations`, ...). */
  readonly service: string
  /** The signing time (the sandbox's simulated time for its own callers). */
  readonly date: Date
}

/** Headers never signed: they are changed by proxies, or, for the Authorization header, are the signature. */
const unsignedHeaders = new Set([
  "authorization",
  "user-agent",
  "content-length",
  "expect",
  "x-amzn-trace-id",
])

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest()
const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex")

/** RFC 3986 percent-encoding, as SigV4 wants it (`!'()*` encoded too). */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** `20261122T060000Z`. */
const amzDateOf = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")

/** Each segment normalised to single encoding, then, except for S3, encoded once more (AWS's rule). */
const canonicalPath = (path: string, service: string): string => {
  const once = (path === "" ? "/" : path)
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/")
  return service === "s3" ? once : encode(once).replace(/%2F/g, "/")
}

const canonicalQuery = (query: string): string =>
  query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=")
      const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "))
      const value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "))
      return [encode(key), encode(value)] as const
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&")

/**
 * Signs a request with AWS Signature Version 4 (header form): adds `X-Amz-Date`, `X-Amz-Content-Sha256`,
 * `X-Amz-Security-Token` (temporary credentials) and `Authorization`, and signs every header but the ones proxies
 * change. Header names come back in lower case, as Node's HTTP server hands them to the sandbox.
 */
export const signRequest = (request: UnsignedRequest, options: SigningOptions): WireRequest => {
  const body = typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body
  const amzDate = amzDateOf(options.date)
  const day = amzDate.slice(0, 8)
  const payloadHash = sha256(body)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
  headers.host ??= "localhost"
  headers["x-amz-date"] = amzDate
  headers["x-amz-content-sha256"] = payloadHash
  if (options.credentials.sessionToken !== undefined)
    headers["x-amz-security-token"] = options.credentials.sessionToken
  const signed = Object.keys(headers)
    .filter((name) => !unsignedHeaders.has(name))
    .sort()
  const canonicalHeaders = signed
    .map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, " ")}\n`)
    .join("")
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path, options.service),
    canonicalQuery(request.query),
    canonicalHeaders,
    signed.join(";"),
    payloadHash,
  ].join("\n")
  const scope = `${day}/${options.region}/${options.service}/aws4_request`
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n")
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${options.credentials.secretAccessKey}`, day), options.region), options.service),
    "aws4_request",
  )
  const signature = hmac(signingKey, stringToSign).toString("hex")
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`
  return { method: request.method.toUpperCase(), path: request.path, query: request.query, headers, body }
}
