import type { UnsignedRequest } from "../identity/sign-request.ts"
import type { Operation, ServiceDefinition } from "../operation.ts"

/** What a call needs besides its operation: parameters in the API's own names and the client's headers. */
export interface CallSpec {
  readonly parameters: Readonly<Record<string, unknown>>
  readonly userAgent: string
  readonly host?: string
}

/** The API version awsQuery requests carry, read from the service's XML namespace (`.../doc/2011-06-15/`). */
const queryVersion = (service: ServiceDefinition): string | undefined =>
  /(\d{4}-\d{2}-\d{2})/.exec(service.xmlNamespace ?? "")?.[1]

/** awsQuery form fields: structures as `A.B`, lists as `A.member.1` (the form the sandbox and AWS read). */
const formFields = (prefix: string, value: unknown, out: Array<[string, string]>): void => {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) formFields(`${prefix}.member.${index + 1}`, item, out)
  } else if (value instanceof Date) {
    out.push([prefix, value.toISOString()])
  } else if (typeof value === "object") {
    for (const [key, item] of Object.entries(value))
      formFields(prefix === "" ? key : `${prefix}.${key}`, item, out)
  } else {
    out.push([prefix, String(value)])
  }
}

/** restJson1: fills `{name}` and `{name+}` of the path template and moves bound parameters to the query. */
const restRequest = (operation: Operation, parameters: Readonly<Record<string, unknown>>) => {
  const http = operation.http
  if (!http) throw new Error(`the operation ${operation.name} has no HTTP binding`)
  const rest: Record<string, unknown> = { ...parameters }
  const [template = "/", literalQuery = ""] = http.path.split("?")
  const path = template.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const value = rest[name]
    if (value === undefined || value === null)
      throw new Error(`${operation.name} needs the parameter ${name} (it is part of the path ${http.path})`)
    delete rest[name]
    const text = String(value)
    return greedy === "+" ? text.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(text)
  })
  const query = new URLSearchParams(literalQuery)
  for (const [param, field] of Object.entries(http.query ?? {})) {
    const value = rest[field]
    if (value === undefined || value === null) continue
    delete rest[field]
    for (const item of Array.isArray(value) ? value : [value]) query.append(param, String(item))
  }
  const hasBody = http.method === "PUT" || http.method === "POST" || http.method === "PATCH"
  const leftover = Object.keys(rest)
  if (!hasBody && leftover.length > 0)
    throw new Error(
      `${operation.name} (${http.method} ${http.path}) has no place for the parameter(s) ${leftover.join(", ")}`,
    )
  return {
    method: http.method,
    path,
    // URLSearchParams writes spaces as `+`; the wire form percent-encodes them.
    query: query.toString().replace(/\+/g, "%20"),
    body: hasBody ? JSON.stringify(rest) : "",
  }
}

/**
 * The unsigned HTTP request that calls `operation` of `service` with `parameters`, in the service's protocol:
 * awsJson1_1 (`POST /` with `X-Amz-Target`), awsQuery (`POST /` with a form body) or restJson1 (the operation's
 * method and path). Throws when the parameters do not fit the operation's HTTP binding.
 */
export const buildCallRequest = (
  service: ServiceDefinition,
  operation: Operation,
  call: CallSpec,
): UnsignedRequest => {
  const host = call.host ?? "localhost"
  switch (service.protocol) {
    case "awsJson1_1":
      return {
        method: "POST",
        path: "/",
        query: "",
        headers: {
          host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${service.targetPrefix ?? ""}.${operation.name}`,
          "user-agent": call.userAgent,
        },
        body: JSON.stringify(call.parameters),
      }
    case "awsQuery": {
      const fields: Array<[string, string]> = [["Action", operation.name]]
      const version = queryVersion(service)
      if (version !== undefined) fields.push(["Version", version])
      formFields("", call.parameters, fields)
      return {
        method: "POST",
        path: "/",
        query: "",
        headers: {
          host,
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          "user-agent": call.userAgent,
        },
        body: new URLSearchParams(fields).toString(),
      }
    }
    case "restJson1": {
      const rest = restRequest(operation, call.parameters)
      return {
        method: rest.method,
        path: rest.path,
        query: rest.query,
        headers: {
          host,
          ...(rest.body === "" ? {} : { "content-type": "application/json" }),
          "user-agent": call.userAgent,
        },
        body: rest.body,
      }
    }
  }
}
