import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { ContextValue, Request } from "@rampart/scp"
import { Authorizer } from "./authorization.ts"
import type { SandboxClock } from "./clock.ts"
import type { Faults } from "./faults.ts"
import type { Credential } from "./identity/principal.ts"
import { parseAuthorization, verifySignature } from "./identity/signature.ts"
import type { CallContext, Input, ServiceDefinition } from "./operation.ts"
import {
  decodeRequest,
  encodeError,
  encodeResult,
  type WireRequest,
  type WireResponse,
} from "./protocol/wire.ts"
import { ServiceError } from "./service-error.ts"
import type { SandboxStore } from "./state/store.ts"
import { cloudTrailEventOf } from "./trail/event-of.ts"
import type { TrailRecorder } from "./trail/recorder.ts"

/** The largest request body the sandbox reads. */
export const maxBodyBytes = 8 * 1024 * 1024

export interface SandboxParts {
  readonly store: SandboxStore
  readonly clock: SandboxClock
  readonly trail: TrailRecorder
  readonly faults: Faults
  readonly services: ReadonlyArray<ServiceDefinition>
  /** Answers `/_sandbox/...` requests (clock, faults, state). */
  readonly admin: (request: WireRequest) => WireResponse | undefined
  /** Verify SigV4 signatures with the caller's secret (on by default). */
  readonly verifySignatures?: boolean
}

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) {
        reject(
          new ServiceError("RequestEntityTooLarge", `the request body is larger than ${maxBodyBytes} bytes`, {
            status: 413,
          }),
        )
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on("end", () => resolve(Buffer.concat(chunks)))
    request.on("error", reject)
  })

/**
 * The request pipeline: decode in the service's protocol, apply faults, authenticate (SigV4 with the caller's
 * secret, expiry of temporary credentials), authorize (identity policies, then SCPs), run the operation, record
 * the call in CloudTrail, persist what changed, answer. Every failure becomes an AWS-shaped error; a request
 * never crashes the sandbox.
 */
export const handleRequest = async (parts: SandboxParts, wire: WireRequest): Promise<WireResponse> => {
  const requestId = randomUUID()
  const admin = parts.admin(wire)
  if (admin) return admin
  const scope = parseAuthorization(String(wire.headers.authorization ?? ""))
  const target = String(wire.headers["x-amz-target"] ?? "")
  const service =
    parts.services.find((s) => scope !== undefined && s.signingName === scope.service) ??
    parts.services.find((s) => s.targetPrefix !== undefined && target.startsWith(`${s.targetPrefix}.`))
  if (!scope) {
    return encodeError(
      service,
      new ServiceError("MissingAuthenticationToken", "Request is missing Authentication Token", {
        status: 403,
      }),
      requestId,
    )
  }
  if (!service) {
    return encodeError(
      undefined,
      new ServiceError(
        "UnknownServiceException",
        `The sandbox does not emulate the service "${scope.service}"`,
        { status: 400 },
      ),
      requestId,
    )
  }
  let decoded: ReturnType<typeof decodeRequest>
  try {
    decoded = decodeRequest(service, wire)
  } catch (error) {
    return encodeError(
      service,
      error instanceof ServiceError
        ? error
        : new ServiceError("InternalFailure", String(error), { status: 500 }),
      requestId,
    )
  }
  const { operation, input } = decoded
  const credential = parts.store.credentials.get(scope.accessKeyId)
  const invalidToken =
    service.protocol === "awsQuery"
      ? new ServiceError("InvalidClientTokenId", "The security token included in the request is invalid.", {
          status: 403,
        })
      : new ServiceError(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
          { status: 400 },
        )
  if (!credential) return encodeError(service, invalidToken, requestId)
  if (
    credential.sessionToken !== undefined &&
    wire.headers["x-amz-security-token"] !== credential.sessionToken
  )
    return encodeError(service, invalidToken, requestId)
  if (credential.expiresAt !== undefined && parts.clock.now() >= credential.expiresAt) {
    const code = service.protocol === "awsQuery" ? "ExpiredToken" : "ExpiredTokenException"
    return encodeError(
      service,
      new ServiceError(code, "The security token included in the request is expired", {
        status: service.protocol === "awsQuery" ? 403 : 400,
      }),
      requestId,
    )
  }
  if (parts.verifySignatures !== false) {
    const valid = verifySignature({
      scope,
      secretAccessKey: credential.secretAccessKey,
      method: wire.method,
      path: wire.path,
      query: wire.query,
      headers: wire.headers,
      body: wire.body,
    })
    if (!valid) {
      return encodeError(
        service,
        new ServiceError(
          service.protocol === "awsQuery" ? "SignatureDoesNotMatch" : "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
          { status: 403 },
        ),
        requestId,
      )
    }
  }
  const principal = credential.principal
  const region = service.global ? "us-east-1" : scope.region
  const context: CallContext = {
    caller: principal,
    account: principal.account,
    region,
    partition: parts.store.partition,
    requestId,
    store: parts.store,
    clock: parts.clock,
    accessKeyId: credential.accessKeyId,
    trail: parts.trail,
    services: parts.services,
  }
  const fault = await parts.faults.before({
    service: service.signingName,
    operation: operation.name,
    account: principal.account,
    region,
  })
  const record = (error: ServiceError | undefined, result: unknown) =>
    parts.trail.record(
      cloudTrailEventOf({
        eventSource: service.eventSource,
        eventName: operation.name,
        readOnly: operation.readOnly,
        credential,
        region,
        time: parts.clock.now(),
        requestId,
        userAgent: String(wire.headers["user-agent"] ?? "unknown"),
        input,
        ...(operation.redact ? { redact: operation.redact } : {}),
        ...(error ? { error } : {}),
        result,
      }),
    )
  if (fault) {
    record(fault, undefined)
    return encodeError(service, fault, requestId)
  }
  let resource: string
  let serviceKeys: Readonly<Record<string, ContextValue>>
  try {
    resource = operation.resource?.(input, context) ?? "*"
    serviceKeys = operation.conditionKeys?.(input, context) ?? {}
  } catch (error) {
    const failure =
      error instanceof ServiceError
        ? error
        : new ServiceError("InternalFailure", String(error), { status: 500 })
    record(failure, undefined)
    return encodeError(service, failure, requestId)
  }
  const request: Request = {
    action: operation.action ?? `${service.actionPrefix}:${operation.name}`,
    resource,
    principalArn: principal.arn,
    account: principal.account,
    region,
    context: { ...globalKeys(parts, credential, region), ...serviceKeys },
  }
  const refusal = authorizer(parts).authorize(principal, request)
  if (refusal) {
    const denied = new ServiceError(
      service.protocol === "awsQuery" ? "AccessDenied" : "AccessDeniedException",
      refusal.message,
      { status: service.protocol === "awsJson1_1" ? 400 : 403 },
    )
    record(denied, undefined)
    return encodeError(service, denied, requestId)
  }
  try {
    const result = operation.handle(input as Input, context)
    record(undefined, result)
    parts.store.flush(parts.clock.now())
    return encodeResult(service, operation, result, requestId)
  } catch (error) {
    const failure =
      error instanceof ServiceError
        ? error
        : new ServiceError("InternalFailure", error instanceof Error ? error.message : String(error), {
            status: 500,
          })
    record(failure, undefined)
    parts.store.flush(parts.clock.now())
    return encodeError(service, failure, requestId)
  }
}

const authorizers = new WeakMap<SandboxStore, Authorizer>()
const authorizer = (parts: SandboxParts): Authorizer => {
  let found = authorizers.get(parts.store)
  if (!found) {
    found = new Authorizer(parts.store)
    authorizers.set(parts.store, found)
  }
  return found
}

/** The global condition keys AWS sets on every request. */
const globalKeys = (
  parts: SandboxParts,
  credential: Credential,
  region: string,
): Record<string, ContextValue> => {
  const principal = credential.principal
  const org = parts.store.organization
  const now = parts.clock.now()
  return {
    "aws:PrincipalArn": principal.arn,
    "aws:PrincipalAccount": principal.account,
    "aws:PrincipalType": principal.type === "Root" ? "Account" : principal.type,
    "aws:userid": principal.userId,
    "aws:RequestedRegion": region,
    "aws:CurrentTime": new Date(now).toISOString(),
    "aws:EpochTime": String(Math.floor(now / 1000)),
    "aws:SecureTransport": "false",
    "aws:SourceIp": "127.0.0.1",
    ...(principal.type === "AssumedRole" ? { "aws:MultiFactorAuthPresent": "false" } : {}),
    ...(org?.accounts[principal.account] ? { "aws:PrincipalOrgID": org.id } : {}),
  }
}

/** Starts the HTTP server on `port` (0 for any free port) and `host`. */
export const listen = (
  parts: SandboxParts,
  port: number,
  host = "127.0.0.1",
): Promise<{ server: Server; url: string }> =>
  new Promise((resolve, reject) => {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://sandbox")
      readBody(req)
        .then((body) =>
          handleRequest(parts, {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.search.slice(1),
            headers: req.headers,
            body,
          }),
        )
        .catch((error: unknown) =>
          encodeError(
            undefined,
            error instanceof ServiceError
              ? error
              : new ServiceError("InternalFailure", String(error), { status: 500 }),
            randomUUID(),
          ),
        )
        .then((response) => {
          res.writeHead(response.status, {
            ...response.headers,
            // As AWS does, the answer says what time it is where the events are stamped: the simulated clock.
            date: new Date(parts.clock.now()).toUTCString(),
            "content-length": Buffer.byteLength(response.body),
          })
          res.end(response.body)
        })
        .catch(() => res.destroy())
    })
    server.keepAliveTimeout = 30_000
    server.on("error", reject)
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo
      resolve({ server, url: `http://${host}:${address.port}` })
    })
  })
