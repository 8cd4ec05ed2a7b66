import { randomBytes } from "node:crypto"
import type { ContextValue } from "@rampart/scp"
import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyResource, requireState } from "./access.ts"
import { keyConditionKeys } from "./condition-keys.ts"
import { parseKeyReference, resolveKey } from "./resolve-key.ts"
import { grantEntry } from "./shapes.ts"
import type { GrantRecord, KeyRecord } from "./state.ts"
import { constraintError, kmsPage, optionalBoolean, optionalString } from "./validation.ts"

/** The operations a grant may allow. */
const grantableOperations = [
  "Decrypt",
  "Encrypt",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "ReEncryptFrom",
  "ReEncryptTo",
  "Sign",
  "Verify",
  "GetPublicKey",
  "CreateGrant",
  "RetireGrant",
  "DescribeKey",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "GenerateMac",
  "VerifyMac",
  "DeriveSharedSecret",
] as const

/** DryRun asks whether the call would succeed: KMS answers with this error when it would. */
const dryRun = (input: Input): void => {
  if (optionalBoolean(input, "DryRun"))
    throw new ServiceError(
      "DryRunOperationException",
      "The request would have succeeded, but the DryRun option is set.",
      {
        status: 412,
      },
    )
}

const operationsOf = (input: Input): string[] => {
  const raw = input.Operations
  if (!Array.isArray(raw) || raw.length === 0)
    throw constraintError("Operations", raw ?? null, "Member must have length greater than or equal to 1")
  return raw.map((op, index) => {
    if (typeof op !== "string" || !grantableOperations.includes(op as (typeof grantableOperations)[number]))
      throw constraintError(
        `operations.${index + 1}.member`,
        op,
        `Member must satisfy enum value set: [${grantableOperations.join(", ")}]`,
      )
    return op
  })
}

/** Grant constraints: an encryption context a request must contain (`Subset`) or equal (`Equals`), not both. */
const constraintsOf = (input: Input): Record<string, unknown> | undefined => {
  const raw = input.Constraints
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== "object" || Array.isArray(raw))
    throw constraintError("Constraints", raw, "Member must be a structure")
  const constraints = raw as Record<string, unknown>
  for (const field of ["EncryptionContextSubset", "EncryptionContextEquals"]) {
    const map = constraints[field]
    if (
      map !== undefined &&
      (map === null ||
        typeof map !== "object" ||
        Array.isArray(map) ||
        Object.values(map).some((v) => typeof v !== "string"))
    )
      throw constraintError(`constraints.${field}`, map, "Member must be a map of strings")
  }
  if (constraints.EncryptionContextSubset !== undefined && constraints.EncryptionContextEquals !== undefined)
    throw new ServiceError(
      "ValidationException",
      "A grant constraint can have EncryptionContextSubset or EncryptionContextEquals, not both.",
    )
  return constraints
}

const principalOf = (input: Input, field: string, serviceField: string): string | undefined => {
  const value = optionalString(input, field, 256) ?? optionalString(input, serviceField, 256)
  if (value === "") throw constraintError(field, value, "Member must have length greater than or equal to 1")
  return value
}

/** A grant token names its key and grant, so RetireGrant can find the grant from the token alone. */
const grantToken = (key: KeyRecord, grantId: string): string =>
  Buffer.from(`${key.arn}|${grantId}|${randomBytes(48).toString("base64url")}`).toString("base64url")

const createGrantConditionKeys = (input: Input, context: CallContext): Record<string, ContextValue> => {
  const grantee = principalOf(input, "GranteePrincipal", "GranteeServicePrincipal")
  const retiring = principalOf(input, "RetiringPrincipal", "RetiringServicePrincipal")
  return {
    ...keyConditionKeys(input, context),
    ...(Array.isArray(input.Operations) ? { "kms:GrantOperations": input.Operations.map(String) } : {}),
    ...(grantee !== undefined ? { "kms:GranteePrincipal": grantee } : {}),
    ...(retiring !== undefined ? { "kms:RetiringPrincipal": retiring } : {}),
    "kms:GrantIsForAWSResource": "false",
  }
}

const createGrant: Operation = {
  name: "CreateGrant",
  readOnly: false,
  resource: keyResource,
  conditionKeys: createGrantConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:CreateGrant", { crossAccount: true })
    const grantee = principalOf(input, "GranteePrincipal", "GranteeServicePrincipal")
    if (grantee === undefined) requireString(input, "GranteePrincipal")
    const retiring = principalOf(input, "RetiringPrincipal", "RetiringServicePrincipal")
    const operations = operationsOf(input)
    const constraints = constraintsOf(input)
    const name = optionalString(input, "Name", 256)
    if (name !== undefined && !/^[a-zA-Z0-9:/_-]+$/.test(name))
      throw constraintError(
        "Name",
        name,
        "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
      )
    requireState(context, key, ["Enabled", "Disabled"])
    dryRun(input)
    // A retried CreateGrant with the same name and terms gets the same grant back, not a second one.
    const same = key.grants.find(
      (g) =>
        name !== undefined &&
        g.name === name &&
        g.granteePrincipal === grantee &&
        g.retiringPrincipal === retiring &&
        JSON.stringify(g.operations) === JSON.stringify(operations) &&
        JSON.stringify(g.constraints) === JSON.stringify(constraints),
    )
    if (same) return { GrantToken: same.grantToken, GrantId: same.grantId }
    const grantId = context.store.nextId("", 64, "0123456789abcdef")
    const grant: GrantRecord = {
      grantId,
      grantToken: grantToken(key, grantId),
      ...(name !== undefined ? { name } : {}),
      granteePrincipal: grantee as string,
      ...(retiring !== undefined ? { retiringPrincipal: retiring } : {}),
      operations,
      ...(constraints !== undefined ? { constraints } : {}),
      creationDate: context.clock.now(),
      issuingAccount: `arn:${context.partition}:iam::${context.account}:root`,
    }
    key.grants.push(grant)
    changed(context, key)
    return { GrantToken: grant.grantToken, GrantId: grant.grantId }
  },
}

const listGrants: Operation = {
  name: "ListGrants",
  readOnly: true,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:ListGrants", { crossAccount: true })
    const grantId = optionalString(input, "GrantId", 128)
    const grantee = optionalString(input, "GranteePrincipal", 256)
    const grants = key.grants
      .filter(
        (g) =>
          (grantId === undefined || g.grantId === grantId) &&
          (grantee === undefined || g.granteePrincipal === grantee),
      )
      .map((g) => grantEntry(key, g))
    const page = kmsPage(grants, input, 100, 50)
    return { Grants: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker }
  },
}

/** A grant id of a call: KMS's are 64 hexadecimal digits (InvalidGrantIdException otherwise). */
const grantIdOf = (input: Input): string => {
  const grantId = requireString(input, "GrantId")
  if (!/^[0-9a-f]{64}$/.test(grantId))
    throw new ServiceError("InvalidGrantIdException", `Invalid grant id ${grantId}.`)
  return grantId
}

/** Removes a grant from its key, or NotFoundException. */
const removeGrant = (context: CallContext, key: KeyRecord, grantId: string): void => {
  if (!key.grants.some((g) => g.grantId === grantId))
    throw new ServiceError("NotFoundException", `Grant ID ${grantId} not found for key ${key.arn}.`)
  key.grants = key.grants.filter((g) => g.grantId !== grantId)
  changed(context, key)
}

const retireGrant: Operation = {
  name: "RetireGrant",
  readOnly: false,
  resource: (input, context) => (typeof input.KeyId === "string" ? keyResource(input, context) : "*"),
  handle: (input, context) => {
    const token = optionalString(input, "GrantToken", 8192)
    if (token !== undefined) {
      const [arn, grantId] = Buffer.from(token, "base64url").toString("utf8").split("|")
      // Only a key ARN is looked up, so a forged token cannot make an AWS managed key appear.
      const key =
        arn === undefined || parseKeyReference(arn).kind !== "key-arn"
          ? undefined
          : resolveKey(context.store, context.account, context.region, arn, context.clock.now())
      const grant = key?.grants.find((g) => g.grantId === grantId && g.grantToken === token)
      if (!key || !grant)
        throw new ServiceError("InvalidGrantTokenException", "The grant token is not valid.")
      dryRun(input)
      removeGrant(context, key, grant.grantId)
      return {}
    }
    if (input.KeyId === undefined || input.GrantId === undefined)
      throw new ServiceError("ValidationException", "Specify either GrantToken, or both KeyId and GrantId.")
    const key = authorizedKey(context, input, "kms:RetireGrant", { crossAccount: true })
    const grantId = grantIdOf(input)
    dryRun(input)
    removeGrant(context, key, grantId)
    return {}
  },
}

const revokeGrant: Operation = {
  name: "RevokeGrant",
  readOnly: false,
  resource: keyResource,
  conditionKeys: keyConditionKeys,
  handle: (input, context) => {
    const key = authorizedKey(context, input, "kms:RevokeGrant", { crossAccount: true })
    const grantId = grantIdOf(input)
    dryRun(input)
    removeGrant(context, key, grantId)
    return {}
  },
}

/** Grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant. */
export const grantOperations: ReadonlyArray<Operation> = [createGrant, listGrants, retireGrant, revokeGrant]
