import type { ContextValue } from "../../request.ts"
import {
  type EventFacts,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

const storageEncrypted = "rds:StorageEncrypted"
const databaseEngine = "rds:DatabaseEngine"

/**
 * Actions that define `rds:StorageEncrypted` and take it from the `StorageEncrypted` request parameter: when an
 * event of these records its parameters but not that one, the caller did not send it and the key is absent.
 */
const encryptionFromParameter = new Set(["CreateDBInstance", "CreateDBCluster", "RestoreDBClusterFromS3"])

/**
 * Actions where the key's value cannot be read from the event: `CreateBlueGreenDeployment` defines the key but
 * has no such parameter (the green copy follows its source), and whether `RestoreDBInstanceFromS3` defines it is
 * not documented. For these the key stays unknown unless the parameter is there.
 */
const encryptionUnknown = new Set(["CreateBlueGreenDeployment", "RestoreDBInstanceFromS3"])

/**
 * RDS (also Aurora, Neptune and DocumentDB, which share its API): `rds:DatabaseEngine` from the `engine`
 * parameter, `rds:StorageEncrypted` from `storageEncrypted`. Every other RDS action does not define
 * `rds:StorageEncrypted` (read replicas and restores from snapshots inherit their source's encryption), so there
 * the key is absent. With no parameters recorded, nothing is known.
 */
export const rds: ServiceKnowledge = {
  prefix: "rds",
  eventSources: ["rds.amazonaws.com"],
  keys: [storageEncrypted, databaseEngine],
  details: (facts: EventFacts): RequestDetails => {
    const definesKey = encryptionFromParameter.has(facts.action) || encryptionUnknown.has(facts.action)
    const parameters = parametersOf(facts.parameters)
    if (parameters === undefined) return definesKey ? {} : { absentKeys: [storageEncrypted] }
    const context: Record<string, ContextValue> = {}
    const engine = textParameter(parameters, "engine")
    if (engine !== undefined) context[databaseEngine] = engine
    const encrypted = parameters.storageEncrypted
    if (definesKey && (encrypted === true || encrypted === false))
      context[storageEncrypted] = String(encrypted)
    const absent = !definesKey || (encryptionFromParameter.has(facts.action) && encrypted === undefined)
    return { context, ...(absent ? { absentKeys: [storageEncrypted] } : {}) }
  },
}
