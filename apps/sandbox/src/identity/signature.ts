import { createHash, createHmac } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"

/** What the Authorization header of a SigV4-signed request says. */
export interface SignatureScope {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

/** Reads `AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/sts/aws4_request, SignedHeaders=…, Signature=…`. */
export const parseAuthorization = (header: string | undefined): SignatureScope | undefined => {
  if (!header?.startsWith("AWS4-HMAC-SHA256 ")) return undefined
  const fields = Object.fromEntries(
    header
      .slice("AWS4-HMAC-SHA256 ".length)
      .split(",")
      .map((part) => {
        const eq = part.indexOf("=")
        return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const
      }),
  )
  const credential = fields.Credential?.split("/")
  if (credential?.length !== 5 || !fields.SignedHeaders || !fields.Signature) return undefined
  const [accessKeyId = "", date = "", region = "", service = ""] = credential
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: fields.SignedHeaders.split(";"),
    signature: fields.Signature,
  }
}

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest()
const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex")

/** RFC 3986 encoding as SigV4 wants it. */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const canonicalQuery = (query: string): string =>
  query === ""
    ? ""
    : query
        .split("&")
        .filter((pair) => pair !== "")
        .map((pair) => {
          const eq = pair.indexOf("=")
          const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "))
          const value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "))
          return [encode(key), encode(value)] as const
        })
        .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join("&")

/**
 * Checks a SigV4 signature with the caller's secret, the way AWS does: the canonical request from the method,
 * path, query, the signed headers and the payload hash. Returns false when anything differs.
 */
export const verifySignature = (options: {
  readonly scope: SignatureScope
  readonly secretAccessKey: string
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}): boolean => {
  const { scope, headers } = options
  const amzDate = String(headers["x-amz-date"] ?? "")
  const canonicalHeaders = scope.signedHeaders
    .map((name) => {
      const raw = headers[name]
      const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "")
      return `${name}:${String(value).trim().replace(/\s+/g, " ")}\n`
    })
    .join("")
  // A claimed payload hash must be the body's: otherwise a changed body would pass under an unchanged header.
  const claimed = headers["x-amz-content-sha256"]
  const actual = sha256(options.body)
  if (claimed !== undefined && claimed !== "UNSIGNED-PAYLOAD" && claimed !== actual) return false
  const payloadHash = claimed === undefined ? actual : String(claimed)
  const canonicalPath = options.path
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/")
  const paths =
    scope.service === "s3" ? [options.path] : [canonicalPath, encode(canonicalPath).replace(/%2F/g, "/")]
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, scope.date), scope.region), scope.service),
    "aws4_request",
  )
  // SDKs differ on double-encoding the path for non-S3 services; accept either form.
  return paths.some((path) => {
    const canonicalRequest = [
      options.method,
      path || "/",
      canonicalQuery(options.query),
      canonicalHeaders,
      scope.signedHeaders.join(";"),
      payloadHash,
    ].join("\n")
    const stringToSign = [
      "AWS4-HMAC-SHA256",
      amzDate,
      `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
      sha256(canonicalRequest),
    ].join("\n")
    return hmac(signingKey, stringToSign).toString("hex") === scope.signature
  })
}
