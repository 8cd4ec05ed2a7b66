/** A role of an account. */
export interface RoleRecord {
  readonly roleId: string
  readonly roleName: string
  readonly arn: string
  path: string
  assumeRolePolicyDocument: string
  description: string
  maxSessionDuration: number
  readonly createDate: number
  /** Inline policies by name. */
  inlinePolicies: Record<string, string>
  /** ARNs of attached managed policies. */
  attachedPolicyArns: string[]
  tags: Array<{ Key: string; Value: string }>
}

/** A customer managed policy of an account (its default version's document). */
export interface ManagedPolicyRecord {
  readonly policyId: string
  readonly policyName: string
  readonly arn: string
  path: string
  description: string
  document: string
  defaultVersionId: string
  readonly createDate: number
  updateDate: number
}

/** The IAM state of one account. */
export interface IamState {
  roles: Record<string, RoleRecord>
  policies: Record<string, ManagedPolicyRecord>
  /** Bumped on every change, so compiled identity policies can be reused until then. */
  revision: number
}

/** An empty IAM state. */
export const emptyIam = (): IamState => ({ roles: {}, policies: {}, revision: 0 })

/** AWS managed policies the sandbox knows, by ARN (documents as AWS publishes them, in their essentials). */
export const awsManagedPolicies: Readonly<Record<string, string>> = {
  "arn:aws:iam::aws:policy/AdministratorAccess": JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  }),
  "arn:aws:iam::aws:policy/ReadOnlyAccess": JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["*:Describe*", "*:Get*", "*:List*", "*:BatchGet*", "*:Lookup*", "*:Select*"],
        Resource: "*",
      },
    ],
  }),
  "arn:aws:iam::aws:policy/PowerUserAccess": JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
      {
        Effect: "Allow",
        Action: [
          "iam:CreateServiceLinkedRole",
          "iam:DeleteServiceLinkedRole",
          "iam:ListRoles",
          "organizations:DescribeOrganization",
        ],
        Resource: "*",
      },
    ],
  }),
}
