/** An organizational unit. */
export interface OrganizationalUnitRecord {
  readonly id: string
  readonly arn: string
  name: string
  parentId: string
}

/** A member (or the management) account of the organization. */
export interface AccountRecord {
  readonly id: string
  readonly arn: string
  name: string
  email: string
  status: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE"
  joinedMethod: "INVITED" | "CREATED"
  joinedTimestamp: number
  parentId: string
}

/** A policy of the organization (SCPs; FullAWSAccess is AWS managed). */
export interface PolicyRecord {
  readonly id: string
  readonly arn: string
  name: string
  description: string
  readonly type: "SERVICE_CONTROL_POLICY"
  readonly awsManaged: boolean
  content: string
}

/** A CreateAccount request and how it went. */
export interface CreateAccountStatusRecord {
  readonly id: string
  readonly accountName: string
  state: "IN_PROGRESS" | "SUCCEEDED" | "FAILED"
  readonly requestedTimestamp: number
  completedTimestamp?: number
  accountId?: string
  failureReason?: string
  /** When the simulated clock passes this, the account exists. */
  readonly readyAt: number
  readonly email: string
  readonly roleName: string
  readonly parentId: string
}

/** The organization as Organizations describes it. */
export interface OrganizationState {
  readonly id: string
  readonly arn: string
  readonly managementAccountId: string
  readonly managementAccountEmail: string
  readonly rootId: string
  readonly rootArn: string
  /** Policy types enabled on the root. */
  enabledPolicyTypes: string[]
  ous: Record<string, OrganizationalUnitRecord>
  accounts: Record<string, AccountRecord>
  policies: Record<string, PolicyRecord>
  /** Target id (root, OU or account) -> attached policy ids, in attachment order. */
  attachments: Record<string, string[]>
  delegatedAdministrators: Array<{
    accountId: string
    servicePrincipal: string
    delegationEnabledDate: number
  }>
  createAccountStatuses: Record<string, CreateAccountStatusRecord>
  /** The Organizations quotas this organization lives under. */
  quotas: { scpsPerTarget: number; scpCharacters: number; ouDepth: number }
  /** Bumped on every change of the tree or of policies, so compiled SCPs can be reused until then. */
  revision: number
}

/** The id of the AWS managed FullAWSAccess policy. */
export const fullAwsAccessPolicyId = "p-FullAWSAccess"

/** The document of FullAWSAccess. */
export const fullAwsAccessContent = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
})

/** The path of parent ids from the root down to a target (root first, the target last). */
export const pathToRoot = (organization: OrganizationState, targetId: string): ReadonlyArray<string> => {
  const path: string[] = [targetId]
  let current = targetId
  for (let guard = 0; guard < 10 && current !== organization.rootId; guard++) {
    const parent = organization.accounts[current]?.parentId ?? organization.ous[current]?.parentId
    if (parent === undefined) break
    path.unshift(parent)
    current = parent
  }
  return path
}
