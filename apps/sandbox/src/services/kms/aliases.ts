import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { authorizedKey, changed, keyOrThrow, kmsOf, placeOf, requireState } from "./access.ts"
import { awsManagedServices } from "./aws-managed.ts"
import { aliasEntry } from "./shapes.ts"
import { aliasArn, putAlias } from "./state.ts"
import { constraintError, kmsPage } from "./validation.ts"

/** An alias name of a call: `alias/` and letters, digits, `/`, `_`, `-`; `alias/aws/` is AWS's own. */
const aliasNameOf = (input: Input): string => {
  const name = requireString(input, "AliasName")
  if (name.length > 256)
    throw constraintError("AliasName", name, "Member must have length less than or equal to 256")
  if (!/^[a-zA-Z0-9:/_-]+$/.test(name))
    throw constraintError(
      "AliasName",
      name,
      "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    )
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name))
    throw new ServiceError("ValidationException", 'Alias must start with the prefix "alias/".')
  if (name.startsWith("alias/aws/"))
    throw new ServiceError(
      "InvalidAliasNameException",
      "Alias names that begin with alias/aws/ are reserved for AWS managed keys.",
    )
  return name
}

/** The ARN an alias call is authorized against (the alias; KMS also checks the key through its key policy). */
const aliasResource = (input: Input, context: CallContext): string =>
  typeof input.AliasName === "string" && input.AliasName !== ""
    ? aliasArn(placeOf(context), input.AliasName)
    : "*"

/** The key an alias is to point at: a key id or ARN of the caller's own account, not pending deletion. */
const targetKey = (context: CallContext, input: Input, action: string) => {
  const key = authorizedKey(context, input, action, {}, "TargetKeyId")
  requireState(context, key, ["Enabled", "Disabled"])
  return key
}

const createAlias: Operation = {
  name: "CreateAlias",
  readOnly: false,
  resource: aliasResource,
  handle: (input, context) => {
    const name = aliasNameOf(input)
    const key = targetKey(context, input, "kms:CreateAlias")
    const place = placeOf(context)
    if (kmsOf(context).aliases[name])
      throw new ServiceError(
        "AlreadyExistsException",
        `An alias with the name ${aliasArn(place, name)} already exists`,
      )
    putAlias(context.store, place, name, key.keyId, context.clock.now())
    return {}
  },
}

const updateAlias: Operation = {
  name: "UpdateAlias",
  readOnly: false,
  resource: aliasResource,
  handle: (input, context) => {
    const name = aliasNameOf(input)
    const place = placeOf(context)
    const alias = kmsOf(context).aliases[name]
    if (!alias) throw new ServiceError("NotFoundException", `Alias ${aliasArn(place, name)} is not found.`)
    const key = targetKey(context, input, "kms:UpdateAlias")
    const current = kmsOf(context).keys[alias.targetKeyId]
    // An alias may move only between keys of the same type and usage, so its users keep working.
    if (current && (current.keySpec !== key.keySpec || current.keyUsage !== key.keyUsage))
      throw new ServiceError(
        "ValidationException",
        `${key.arn} has a different key spec or key usage than the key the alias points to now.`,
      )
    putAlias(context.store, place, name, key.keyId, context.clock.now())
    return {}
  },
}

const deleteAlias: Operation = {
  name: "DeleteAlias",
  readOnly: false,
  resource: aliasResource,
  handle: (input, context) => {
    const name = aliasNameOf(input)
    const state = kmsOf(context)
    if (!state.aliases[name])
      throw new ServiceError("NotFoundException", `Alias ${aliasArn(placeOf(context), name)} is not found.`)
    delete state.aliases[name]
    changed(context)
    return {}
  },
}

const listAliases: Operation = {
  name: "ListAliases",
  readOnly: true,
  handle: (input, context) => {
    const place = placeOf(context)
    const state = kmsOf(context)
    const key = input.KeyId === undefined ? undefined : keyOrThrow(context, input)
    const own = Object.values(state.aliases).map((a) => aliasEntry(place, a))
    // KMS lists AWS's predefined aliases too, without a target until the service first uses its key.
    const predefined = Object.keys(awsManagedServices)
      .map((service) => `alias/aws/${service}`)
      .filter((name) => !state.aliases[name])
      .map((name) => ({ AliasName: name, AliasArn: aliasArn(place, name) }))
    const all = [...own, ...predefined]
      .filter((a) => key === undefined || ("TargetKeyId" in a && a.TargetKeyId === key.keyId))
      .sort((a, b) => (a.AliasName < b.AliasName ? -1 : a.AliasName > b.AliasName ? 1 : 0))
    const page = kmsPage(all, input, 100, 50)
    return { Aliases: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker }
  },
}

/** Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. */
export const aliasOperations: ReadonlyArray<Operation> = [createAlias, updateAlias, deleteAlias, listAliases]
