import { modificationAction } from "./instance-modification.ts"

/** Makes the instance private (answers RDS_INSTANCE_PUBLIC_ACCESS_CHECK); Aurora instances have their own setting. */
export const disablePublicAccess = modificationAction({
  id: "disable-public-access",
  answers: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
  summary: "Turn public accessibility off: the endpoint no longer resolves to a public address.",
  notSupported: () => undefined,
  change: () => ({ publiclyAccessible: false }),
  current: (instance) => ({ publiclyAccessible: instance.PubliclyAccessible }),
})
