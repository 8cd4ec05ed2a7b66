import { createHash, createHmac } from "node:crypto"

/** SHA-256 in hex. */
export const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex")

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest()

/** RFC 3986 percent-encoding, as SigV4 wants it (`!'()*` encoded too). */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The canonical path: each segment normalised to single encoding, then (except for S3) encoded once more, which
 * is AWS's rule for every other service.
 */
export const canonicalPath = (path: string, service: string): string => {
  const once = (path === "" ? "/" : path)
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/")
  return service === "s3" ? once : encode(once).replace(/%2F/g, "/")
}

/** The canonical query: every name and value encoded, sorted by name then value. */
export const canonicalQuery = (query: string): string =>
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

/** `name:value\n` for each signed header, values trimmed and inner whitespace folded. */
export const canonicalHeaders = (
  names: ReadonlyArray<string>,
  headerValue: (name: string) => string,
): string => names.map((name) => `${name}:${headerValue(name).trim().replace(/\s+/g, " ")}\n`).join("")

/** The signature of a canonical request under a credential scope. */
export const signatureOf = (options: {
  readonly secretAccessKey: string
  readonly amzDate: string
  readonly day: string
  readonly region: string
  readonly service: string
  readonly canonicalRequest: string
}): string => {
  const scope = `${options.day}/${options.region}/${options.service}/aws4_request`
  const stringToSign = ["AWS4-HMAC-SHA256", options.amzDate, scope, sha256(options.canonicalRequest)].join(
    "\n",
  )
  return hmac(
    signingKey(options.secretAccessKey, options.day, options.region, options.service),
    stringToSign,
  ).toString("hex")
}

// The signing key depends only on the secret, the day, the region and the service: derive it once per day.
const signingKeys = new Map<string, Buffer>()

const signingKey = (secret: string, day: string, region: string, service: string): Buffer => {
  const id = `${secret}\u0000${day}\u0000${region}\u0000${service}`
  let key = signingKeys.get(id)
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request")
    if (signingKeys.size > 10_000) signingKeys.clear()
    signingKeys.set(id, key)
  }
  return key
}
