import type { WireRequest } from "../protocol/wire.ts"
import { canonicalHeaders, canonicalPath, canonicalQuery, sha256, signatureOf } from "./canonical-request.ts"

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

/** `20261122T060000Z`. */
const amzDateOf = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")

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
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path, options.service),
    canonicalQuery(request.query),
    canonicalHeaders(signed, (name) => String(headers[name])),
    signed.join(";"),
    payloadHash,
  ].join("\n")
  const scope = `${day}/${options.region}/${options.service}/aws4_request`
  const signature = signatureOf({
    secretAccessKey: options.credentials.secretAccessKey,
    amzDate,
    day,
    region: options.region,
    service: options.service,
    canonicalRequest,
  })
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`
  return { method: request.method.toUpperCase(), path: request.path, query: request.query, headers, body }
}
