/** Builders of realistic CloudTrail events for the replay tests. */

export const devAccount = "111111111111"

/** The `userIdentity` of a role session, as CloudTrail writes it. */
export const roleSession = (
  role: string,
  options: {
    readonly account?: string
    readonly session?: string
    readonly path?: string
    readonly mfa?: boolean
  } = {},
): Record<string, unknown> => {
  const account = options.account ?? devAccount
  const session = options.session ?? "alice"
  return {
    type: "AssumedRole",
    principalId: `AROAEXAMPLEROLEID0001:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    accountId: account,
    accessKeyId: "ASIAEXAMPLEKEY000001",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAEXAMPLEROLEID0001",
        arn: `arn:aws:iam::${account}:role${options.path ?? "/"}${role}`,
        accountId: account,
        userName: role,
      },
      attributes: { creationDate: "2026-11-20T08:00:00Z", mfaAuthenticated: options.mfa ? "true" : "false" },
    },
  }
}

/** The `userIdentity` of an IAM user calling with a long-term access key. */
export const iamUser = (name: string, account = devAccount): Record<string, unknown> => ({
  type: "IAMUser",
  principalId: "AIDAEXAMPLEUSERID001",
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  accessKeyId: "AKIAEXAMPLEKEY000001",
  userName: name,
})

/** A management event: an API call in eu-west-1 from a public address. */
export const apiCall = (
  eventSource: string,
  eventName: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  eventVersion: "1.10",
  userIdentity: roleSession("Developer"),
  eventTime: "2026-11-20T08:01:02Z",
  eventSource,
  eventName,
  awsRegion: "eu-west-1",
  sourceIPAddress: "203.0.113.10",
  userAgent: "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.1 os/linux#6.1 md/arch#x86_64",
  requestParameters: null,
  responseElements: null,
  requestID: "5b3a1c1e-7a51-4c1c-9d5e-2f7f3a0b1c2d",
  eventID: "0a1b2c3d-0000-4000-8000-000000000001",
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: devAccount,
  eventCategory: "Management",
  tlsDetails: {
    tlsVersion: "TLSv1.3",
    cipherSuite: "TLS_AES_128_GCM_SHA256",
    clientProvidedHostHeader: `${eventSource.split(".")[0]}.eu-west-1.amazonaws.com`,
  },
  ...overrides,
})

/** `rds:CreateDBInstance` as CloudTrail records it; `storageEncrypted` is left out when undefined. */
export const createDbInstance = (
  options: {
    readonly role?: string
    readonly encrypted?: boolean
    readonly engine?: string
    readonly id?: string
  } = {},
): Record<string, unknown> =>
  apiCall("rds.amazonaws.com", "CreateDBInstance", {
    userIdentity: roleSession(options.role ?? "Developer"),
    eventID: options.id ?? "0a1b2c3d-0000-4000-8000-00000000db01",
    requestParameters: {
      dBInstanceIdentifier: "orders-db",
      allocatedStorage: 20,
      dBInstanceClass: "db.t4g.micro",
      engine: options.engine ?? "postgres",
      masterUsername: "app",
      masterUserPassword: "HIDDEN_DUE_TO_SECURITY_REASONS",
      ...(options.encrypted === undefined ? {} : { storageEncrypted: options.encrypted }),
    },
    responseElements: { dBInstanceIdentifier: "orders-db", dBInstanceStatus: "creating", engine: "postgres" },
  })
