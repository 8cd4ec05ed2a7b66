import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import type { WireRequest } from "../protocol/wire.ts"
import { signRequest, type UnsignedRequest } from "./sign-request.ts"
import { parseAuthorization, verifySignature } from "./signature.ts"

const credentials = { accessKeyId: "ci-payments-dev", secretAccessKey: "ci-payments-dev-secret" }
const date = new Date("2026-11-22T06:00:00.000Z")

const verifies = (request: WireRequest, secretAccessKey = credentials.secretAccessKey): boolean => {
  const scope = parseAuthorization(String(request.headers.authorization))
  if (!scope) return false
  return verifySignature({
    scope,
    secretAccessKey,
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
  })
}

const queryCall: UnsignedRequest = {
  method: "POST",
  path: "/",
  query: "",
  headers: { Host: "localhost:4566", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: "Action=GetCallerIdentity&Version=2011-06-15",
}

describe("signRequest", () => {
  it("produces a SigV4 signature that verifySignature accepts", () => {
    const signed = signRequest(queryCall, { credentials, region: "eu-west-1", service: "sts", date })
    expect(signed.headers["x-amz-date"]).toBe("20261122T060000Z")
    expect(signed.headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/)
    expect(parseAuthorization(String(signed.headers.authorization))).toMatchObject({
      accessKeyId: "ci-payments-dev",
      date: "20261122",
      region: "eu-west-1",
      service: "sts",
      signedHeaders: ["content-type", "host", "x-amz-content-sha256", "x-amz-date"],
    })
    expect(verifies(signed)).toBe(true)
  })

  it("adds and signs the session token of temporary credentials", () => {
    const signed = signRequest(queryCall, {
      credentials: { ...credentials, sessionToken: "FwoGZXIvYXdzEtoken" },
      region: "us-east-1",
      service: "sts",
      date,
    })
    expect(signed.headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEtoken")
    expect(parseAuthorization(String(signed.headers.authorization))?.signedHeaders).toContain(
      "x-amz-security-token",
    )
    expect(verifies(signed)).toBe(true)
  })

  it("signs restJson1 paths with encoded segments and query strings", () => {
    const signed = signRequest(
      {
        method: "GET",
        path: "/backup-vaults/my%20vault/recovery-points",
        query: "maxResults=10&byResourceType=RDS&nextToken=a%2Bb%3D",
        headers: { host: "localhost" },
        body: "",
      },
      { credentials, region: "eu-west-1", service: "backup", date },
    )
    expect(verifies(signed)).toBe(true)
  })

  it("signs awsJson1_1 calls with their X-Amz-Target", () => {
    const signed = signRequest(
      {
        method: "POST",
        path: "/",
        query: "",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSOrganizationsV20161128.ListAccounts",
          "user-agent": "rampart-sandbox-activity/test",
        },
        body: "{}",
      },
      { credentials, region: "us-east-1", service: "organizations", date },
    )
    const signedHeaders = parseAuthorization(String(signed.headers.authorization))?.signedHeaders
    expect(signedHeaders).toContain("x-amz-target")
    expect(signedHeaders).not.toContain("user-agent")
    expect(verifies(signed)).toBe(true)
  })

  it("does not verify once the request is tampered with or signed with another secret", () => {
    const signed = signRequest(queryCall, { credentials, region: "eu-west-1", service: "sts", date })
    const otherBody = Buffer.from("Action=AssumeRole&Version=2011-06-15")
    expect(
      verifies({
        ...signed,
        body: otherBody,
        headers: {
          ...signed.headers,
          "x-amz-content-sha256": createHash("sha256").update(otherBody).digest("hex"),
        },
      }),
    ).toBe(false)
    // The body changed but the claimed payload hash did not.
    expect(verifies({ ...signed, body: otherBody })).toBe(false)
    expect(verifies({ ...signed, query: "Action=AssumeRole" })).toBe(false)
    expect(verifies({ ...signed, path: "/other" })).toBe(false)
    expect(verifies({ ...signed, method: "PUT" })).toBe(false)
    expect(verifies({ ...signed, headers: { ...signed.headers, host: "evil.example.com" } })).toBe(false)
    expect(verifies({ ...signed, headers: { ...signed.headers, "x-amz-date": "20261122T060001Z" } })).toBe(
      false,
    )
    expect(verifies(signed, "another-secret")).toBe(false)
  })
})
