import type { IncomingHttpHeaders } from "node:http"
import type { Input, Operation, ServiceDefinition } from "../operation.ts"
import { ServiceError } from "../service-error.ts"
import { decodeQueryParameters } from "./query-parameters.ts"
import { queryError, queryResponse } from "./xml.ts"

/** An HTTP request as the protocols need it. */
export interface WireRequest {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** An HTTP answer. */
export interface WireResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Which operation a request calls, and its input. */
export interface Decoded {
  readonly operation: Operation
  readonly input: Input
}

const jsonBody = (body: Buffer): Record<string, unknown> => {
  if (body.length === 0) return {}
  let value: unknown
  try {
    value = JSON.parse(body.toString("utf8"))
  } catch {
    throw new ServiceError("SerializationException", "The request body is not valid JSON")
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ServiceError("SerializationException", "The request body must be a JSON object")
  return value as Record<string, unknown>
}

const matchPath = (template: string, path: string): Record<string, string> | undefined => {
  const wanted = template.split("?")[0]?.replace(/\/$/, "").split("/") ?? []
  const actual = path.replace(/\/$/, "").split("/")
  const params: Record<string, string> = {}
  for (let i = 0; i < wanted.length; i++) {
    const part = wanted[i] as string
    const greedy = /^\{(\w+)\+\}$/.exec(part)
    if (greedy) {
      params[greedy[1] as string] = actual.slice(i).map(decodeURIComponent).join("/")
      return params
    }
    const variable = /^\{(\w+)\}$/.exec(part)
    if (i >= actual.length) return undefined
    if (variable) params[variable[1] as string] = decodeURIComponent(actual[i] as string)
    else if (part !== actual[i]) return undefined
  }
  return wanted.length === actual.length ? params : undefined
}

/** Finds the operation and decodes its input, in the service's protocol. Throws ServiceError for bad requests. */
export const decodeRequest = (service: ServiceDefinition, request: WireRequest): Decoded => {
  switch (service.protocol) {
    case "awsJson1_1": {
      const target = String(request.headers["x-amz-target"] ?? "")
      const dot = target.lastIndexOf(".")
      const name = target.slice(dot + 1)
      const operation = service.operations.find((o) => o.name === name)
      // Smithy-generated SDKs (JS v3) send the service shape name (`CloudTrail_20131101`), botocore and older SDKs
      // the model's full target prefix (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`): AWS takes both.
      const prefix = target.slice(0, dot)
      const known =
        prefix === service.targetPrefix ||
        (prefix !== "" && service.targetPrefix?.endsWith(`.${prefix}`) === true)
      if (!operation || !known) {
        throw new ServiceError(
          "UnknownOperationException",
          `Unknown operation ${target === "" ? "(no X-Amz-Target header)" : target}`,
        )
      }
      return { operation, input: jsonBody(request.body) }
    }
    case "awsQuery": {
      const params = new URLSearchParams(
        request.method === "GET" ? request.query : request.body.toString("utf8"),
      )
      const name = params.get("Action") ?? ""
      const operation = service.operations.find((o) => o.name === name)
      if (!operation)
        throw new ServiceError(
          "InvalidAction",
          `Could not find operation ${name === "" ? "(no Action parameter)" : name} for version ${params.get("Version") ?? "(none)"}`,
        )
      return { operation, input: decodeQueryParameters(params) }
    }
    case "restJson1": {
      for (const operation of service.operations) {
        const http = operation.http
        if (!http || http.method !== request.method) continue
        const params = matchPath(http.path, request.path)
        if (!params) continue
        const query = new URLSearchParams(request.query)
        const fromQuery = Object.fromEntries(
          Object.entries(http.query ?? {}).flatMap(([param, field]) => {
            const values = query.getAll(param)
            return values.length === 0 ? [] : [[field, values.length === 1 ? values[0] : values]]
          }),
        )
        const body = ["PUT", "POST", "PATCH"].includes(request.method) ? jsonBody(request.body) : {}
        return { operation, input: { ...body, ...fromQuery, ...params } }
      }
      throw new ServiceError(
        "UnknownOperationException",
        `No operation handles ${request.method} ${request.path}`,
        { status: 404 },
      )
    }
  }
}

/** Writes a successful answer in the service's protocol. */
export const encodeResult = (
  service: ServiceDefinition,
  operation: Operation,
  result: unknown,
  requestId: string,
): WireResponse => {
  switch (service.protocol) {
    case "awsJson1_1":
      return {
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
        body: JSON.stringify(result ?? {}, jsonDates),
      }
    case "awsQuery":
      return {
        status: 200,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: queryResponse(
          operation.name,
          service.xmlNamespace ?? "",
          result,
          requestId,
          operation.xmlMembers ?? {},
        ),
      }
    case "restJson1":
      return {
        status: operation.http?.status ?? 200,
        headers: { "content-type": "application/json", "x-amzn-requestid": requestId },
        body: JSON.stringify(result ?? {}, jsonDates),
      }
  }
}

/** Writes an error in the service's protocol, with the status and shape AWS uses. */
export const encodeError = (
  service: ServiceDefinition | undefined,
  error: ServiceError,
  requestId: string,
): WireResponse => {
  const protocol = service?.protocol ?? "awsJson1_1"
  if (protocol === "awsQuery") {
    return {
      status: error.status,
      headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
      body: queryError(service?.xmlNamespace ?? "", error.fault, error.code, error.message, requestId),
    }
  }
  const messageKey = service?.errorMessageKey ?? "message"
  return {
    status: error.status,
    headers: {
      "content-type": protocol === "restJson1" ? "application/json" : "application/x-amz-json-1.1",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
    },
    body: JSON.stringify({ __type: error.code, [messageKey]: error.message, ...error.fields }),
  }
}

/** Dates travel as epoch seconds in the JSON protocols. */
const jsonDates = function (this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]
  return raw instanceof Date ? raw.getTime() / 1000 : value
}
