import { modificationAction, setOnCluster } from "./instance-modification.ts"

/** Converts the instance to a Multi-AZ deployment (answers RDS_MULTI_AZ_SUPPORT); off unless the policy lists it. */
export const enableMultiAz = modificationAction({
  id: "enable-multi-az",
  answers: "RDS_MULTI_AZ_SUPPORT",
  summary: "Convert the instance to Multi-AZ (a standby in another zone; it costs about twice as much).",
  notSupported: setOnCluster("availability"),
  change: () => ({ multiAZ: true }),
  current: (instance) => ({ multiAZ: instance.MultiAZ }),
})
