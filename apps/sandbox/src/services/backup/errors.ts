import { ServiceError } from "../../service-error.ts"

/*
 * AWS Backup's errors. Its model gives none of them an HTTP status of its own, so client errors answer 400 (as
 * AWS does, e.g. "InvalidRequestException ... StatusCode: 400") and carry `Code`, `Message`, `Type` and `Context`
 * in the body, which the SDK copies onto the exception.
 */

const backupError = (code: string, message: string, context?: string, extra: Record<string, unknown> = {}) =>
  new ServiceError(code, message, {
    fields: { Code: code, Type: "User", ...(context === undefined ? {} : { Context: context }), ...extra },
  })

/** A parameter has a value Backup does not accept; `field` names it. */
export const invalidParameter = (field: string, message: string): ServiceError =>
  backupError("InvalidParameterValueException", `${field}: ${message}`, field)

/** A required parameter is missing. */
export const missingParameter = (field: string): ServiceError =>
  backupError("MissingParameterValueException", `${field} is required.`, field)

/** The named thing does not exist (in this account and Region). */
export const notFound = (what: string, context: string): ServiceError =>
  backupError("ResourceNotFoundException", `${what} not found.`, context)

/** The request is well-formed but the resource's state forbids it (a vault lock, remaining recovery points). */
export const invalidRequest = (message: string, context?: string): ServiceError =>
  backupError("InvalidRequestException", message, context)

/** The resource is busy with something else (a recovery point still being created). */
export const invalidResourceState = (message: string, context?: string): ServiceError =>
  backupError("InvalidResourceStateException", message, context)

/** Something with that name already exists; AWS adds the existing resource's ARN and request id. */
export const alreadyExists = (message: string, arn: string, creatorRequestId?: string): ServiceError =>
  backupError("AlreadyExistsException", message, undefined, {
    Arn: arn,
    ...(creatorRequestId === undefined ? {} : { CreatorRequestId: creatorRequestId }),
  })

/** Refused by a resource-based policy (the vault's access policy), as IAM words it. */
export const accessDenied = (message: string): ServiceError =>
  new ServiceError("AccessDeniedException", message, { status: 403 })
