import { type Diagnostic, decodeWithDiagnostics } from "@rampart/model"
import { Schema } from "effect"
import type { Request } from "../request.ts"

const RequestFile = Schema.Struct({
  action: Schema.String.check(
    Schema.isPattern(/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/u, {
      expected: "service:Action, e.g. rds:CreateDBInstance",
    }),
  ),
  resource: Schema.optionalKey(Schema.String),
  principalArn: Schema.String.check(
    Schema.isPattern(/^(arn:aws[a-z-]*:(iam|sts)::\d{12}:.+|[a-z0-9.-]+\.amazonaws\.com)$/u, {
      expected: "an IAM principal ARN or a service principal",
    }),
  ),
  account: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^\d{12}$/u, { expected: "a 12-digit account id" })),
  ),
  region: Schema.optionalKey(Schema.String),
  context: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.Union([Schema.String, Schema.Array(Schema.String)])),
  ),
})

export type ReadRequest =
  | { readonly ok: true; readonly request: Request }
  | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

/**
 * Reads the request format: `{"action": "rds:CreateDBInstance", "resource": "arn:…", "principalArn": "arn:…",
 * "account": "111111111111", "region": "us-east-1", "context": {"rds:StorageEncrypted": "false"}}`. The account
 * defaults to the principal's; `aws:PrincipalArn`, `aws:PrincipalAccount` and `aws:RequestedRegion` are added to
 * the context when not given, as AWS always sets them.
 */
export const readRequest = (value: unknown, file: string): ReadRequest => {
  const decoded = decodeWithDiagnostics(RequestFile, value, { file }, "request")
  if (!decoded.ok) return { ok: false, diagnostics: decoded.diagnostics }
  const r = decoded.value
  const account = r.account ?? r.principalArn.split(":")[4]
  if (account === undefined || !/^\d{12}$/.test(account)) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "request.account",
          file,
          path: "account",
          message: "the request names no account",
          fix: 'add "account": "111111111111"',
        },
      ],
    }
  }
  const context: Record<string, string | ReadonlyArray<string>> = { ...r.context }
  const has = (key: string) => Object.keys(context).some((k) => k.toLowerCase() === key.toLowerCase())
  if (!has("aws:PrincipalArn")) context["aws:PrincipalArn"] = r.principalArn
  if (!has("aws:PrincipalAccount")) context["aws:PrincipalAccount"] = account
  if (r.region !== undefined && !has("aws:RequestedRegion")) context["aws:RequestedRegion"] = r.region
  return {
    ok: true,
    request: {
      action: r.action,
      principalArn: r.principalArn,
      account,
      context,
      ...(r.resource !== undefined ? { resource: r.resource } : {}),
      ...(r.region !== undefined ? { region: r.region } : {}),
    },
  }
}
