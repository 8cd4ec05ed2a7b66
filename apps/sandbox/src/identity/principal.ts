/** Who is calling: an assumed-role session, an IAM user, or an account's root user. */
export interface Principal {
  readonly type: "AssumedRole" | "IAMUser" | "Root"
  readonly account: string
  /**
   * The ARN policies match as `aws:PrincipalArn`: the role ARN for a session (not the session ARN), the user ARN,
   * or `arn:aws:iam::ACCOUNT:root`.
   */
  readonly arn: string
  /** The ARN GetCallerIdentity answers: the session ARN for an assumed role. */
  readonly callerArn: string
  /** `AROA…:session` for a session, `AIDA…` for a user, the account id for root. */
  readonly userId: string
  readonly roleName?: string
  readonly sessionName?: string
  /** For sessions: the role chain depth (1 when assumed from a user or a role session without chaining). */
  readonly chained?: boolean
}

/** Access keys the sandbox accepts, and whose they are. */
export interface Credential {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  /** Simulated epoch milliseconds after which the credential is refused (temporary credentials only). */
  readonly expiresAt?: number
  readonly principal: Principal
}

/** The principal of a role session. */
export const sessionPrincipal = (
  account: string,
  roleName: string,
  roleId: string,
  sessionName: string,
  partition = "aws",
): Principal => ({
  type: "AssumedRole",
  account,
  arn: `arn:${partition}:iam::${account}:role/${roleName}`,
  callerArn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  userId: `${roleId}:${sessionName}`,
  roleName,
  sessionName,
})
