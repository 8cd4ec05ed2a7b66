/**
 * Values Rampart supplies to every document from rampart.yaml, written `{{org.hubAccountId}}` in catalog files.
 * They are never declared as guardrail parameters.
 */
export const contextNames = [
  "org.id",
  "org.managementAccountId",
  "org.hubAccountId",
  "org.partition",
  "roles.hub",
  "roles.audit",
  "roles.remediation",
  "roles.pipeline",
  "roles.breakGlass",
  "roles.externalId",
] as const

export type ContextName = (typeof contextNames)[number]

/** The context values for one organization. */
export type RenderContext = Readonly<Record<ContextName, string>>
