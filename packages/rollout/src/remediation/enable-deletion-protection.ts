import { modificationAction, setOnCluster } from "./instance-modification.ts"

/** Turns on deletion protection (answers RDS_INSTANCE_DELETION_PROTECTION_ENABLED). */
export const enableDeletionProtection = modificationAction({
  id: "enable-deletion-protection",
  answers: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
  summary: "Turn deletion protection on.",
  notSupported: setOnCluster("deletion protection"),
  change: () => ({ deletionProtection: true }),
  current: (instance) => ({ deletionProtection: instance.DeletionProtection }),
})
