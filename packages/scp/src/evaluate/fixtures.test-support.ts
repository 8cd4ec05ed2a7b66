import type { Hierarchy } from "../hierarchy.ts"
import { parsePolicy } from "../parse.ts"
import type { PolicyDocument } from "../policy.ts"
import type { Request } from "../request.ts"

/** Parses a policy written inline in a test; fails the test when it is not a valid SCP. */
export const scp = (document: unknown, kind: "scp" | "identity" | "trust" = "scp"): PolicyDocument => {
  const parsed = parsePolicy(document, { kind, file: "test" })
  if (!parsed.document) throw new Error(`test policy does not parse: ${JSON.stringify(parsed.diagnostics)}`)
  return parsed.document
}

export const fullAwsAccess = scp({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
})

/** A policy of one Deny statement. */
export const deny = (statement: Record<string, unknown>, sid = "Deny"): PolicyDocument =>
  scp({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Deny", Resource: "*", ...statement }] })

/** root -> OUs -> account, FullAWSAccess everywhere unless a level says otherwise. */
export const tree = (
  levels: ReadonlyArray<{
    readonly id: string
    readonly policies?: Readonly<Record<string, PolicyDocument>>
  }>,
  managementAccountId = "999999999999",
): Hierarchy => ({
  managementAccountId,
  levels: levels.map((level) => ({
    id: level.id,
    policies: Object.entries(level.policies ?? { FullAWSAccess: fullAwsAccess }).map(([name, document]) => ({
      name,
      document,
    })),
  })),
})

/** A request by a role of account 111111111111 in eu-west-1, with the context AWS always sets. */
export const request = (
  action: string,
  extra: Partial<Request> & { readonly role?: string } = {},
): Request => {
  const account = extra.account ?? "111111111111"
  const principalArn = extra.principalArn ?? `arn:aws:iam::${account}:role/${extra.role ?? "Developer"}`
  const region = extra.region ?? "eu-west-1"
  return {
    action,
    principalArn,
    account,
    region,
    ...(extra.resource ? { resource: extra.resource } : {}),
    ...(extra.world ? { world: extra.world } : {}),
    ...(extra.absentKeys ? { absentKeys: extra.absentKeys } : {}),
    context: {
      "aws:PrincipalArn": principalArn,
      "aws:PrincipalAccount": account,
      "aws:RequestedRegion": region,
      ...extra.context,
    },
  }
}
