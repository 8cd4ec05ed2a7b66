import type { IncomingHttpHeaders } from "node:http"
import { canonicalHeaders, canonicalPath, canonicalQuery, sha256, signatureOf } from "./canonical-request.ts"

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
  const signedHeaders = canonicalHeaders(scope.signedHeaders, (name) => {
    const raw = headers[name]
    return String(Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
  })
  // A claimed payload hash must be the body's: otherwise a changed body would pass under an unchanged header.
  const claimed = headers["x-amz-content-sha256"]
  const actual = sha256(options.body)
  if (claimed !== undefined && claimed !== "UNSIGNED-PAYLOAD" && claimed !== actual) return false
  const payloadHash = claimed === undefined ? actual : String(claimed)
  // SDKs differ on double-encoding the path for services other than S3; accept either form.
  const paths = [...new Set([canonicalPath(options.path, "s3"), canonicalPath(options.path, scope.service)])]
  return paths.some(
    (path) =>
      signatureOf({
        secretAccessKey: options.secretAccessKey,
        amzDate: String(headers["x-amz-date"] ?? ""),
        day: scope.date,
        region: scope.region,
        service: scope.service,
        canonicalRequest: [
          options.method,
          path,
          canonicalQuery(options.query),
          signedHeaders,
          scope.signedHeaders.join(";"),
          payloadHash,
        ].join("\n"),
      }) === scope.signature,
  )
}
