import { describe, expect, it } from "vitest"
import { type DerivedRequest, deriveRequest } from "./derive-request.ts"
import { apiCall, createDbInstance, iamUser, roleSession } from "./events.test-support.ts"
import { servicePrefixOf } from "./services/event-source.ts"

const derived = (event: Record<string, unknown>): DerivedRequest => {
  const result = deriveRequest(event)
  if (!result.ok) throw new Error(`skipped: ${result.reason}`)
  return result
}
const request = (event: Record<string, unknown>) => derived(event).request

describe("the action", () => {
  it("is the IAM prefix of the event source and the event name", () => {
    expect(request(apiCall("rds.amazonaws.com", "CreateDBInstance")).action).toBe("rds:CreateDBInstance")
  })

  it("knows the sources whose prefix differs from the host", () => {
    expect(servicePrefixOf("monitoring.amazonaws.com")).toBe("cloudwatch")
    expect(servicePrefixOf("email.amazonaws.com")).toBe("ses")
    expect(servicePrefixOf("tagging.amazonaws.com")).toBe("tag")
    expect(servicePrefixOf("cloudcontrolapi.amazonaws.com")).toBe("cloudformation")
    expect(servicePrefixOf("pinpoint.amazonaws.com")).toBe("mobiletargeting")
    expect(servicePrefixOf("runtime.lex.amazonaws.com")).toBe("lex")
    expect(servicePrefixOf("backup.amazonaws.com")).toBe("backup")
    expect(servicePrefixOf("example.com")).toBeUndefined()
    expect(request(apiCall("monitoring.amazonaws.com", "PutMetricAlarm")).action).toBe(
      "cloudwatch:PutMetricAlarm",
    )
  })

  it("drops the API versions Lambda and CloudFront put in event names", () => {
    expect(request(apiCall("lambda.amazonaws.com", "UpdateFunctionCode20150331v2")).action).toBe(
      "lambda:UpdateFunctionCode",
    )
    expect(request(apiCall("lambda.amazonaws.com", "Invoke")).action).toBe("lambda:InvokeFunction")
    expect(request(apiCall("cloudfront.amazonaws.com", "UpdateDistribution2017_10_30")).action).toBe(
      "cloudfront:UpdateDistribution",
    )
  })

  it("maps S3 operations to the actions that authorize them", () => {
    const list = apiCall("s3.amazonaws.com", "ListObjectsV2", { requestParameters: { bucketName: "logs" } })
    expect(request(list)).toMatchObject({ action: "s3:ListBucket", resource: "arn:aws:s3:::logs" })
    const get = apiCall("s3.amazonaws.com", "GetObject", {
      requestParameters: { bucketName: "logs", key: "a/b.txt" },
    })
    expect(request(get).resource).toBe("arn:aws:s3:::logs/a/b.txt")
  })
})

describe("the principal", () => {
  it("is the role, not the session, for assumed roles", () => {
    const derivedRole = derived(
      apiCall("ec2.amazonaws.com", "DescribeInstances", {
        userIdentity: roleSession("Deployer", { path: "/ci/" }),
      }),
    )
    expect(derivedRole.request).toMatchObject({
      principalArn: "arn:aws:iam::111111111111:role/ci/Deployer",
      account: "111111111111",
      context: {
        "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci/Deployer",
        "aws:PrincipalAccount": "111111111111",
        "aws:PrincipalType": "AssumedRole",
        "aws:userid": "AROAEXAMPLEROLEID0001:alice",
        "aws:MultiFactorAuthPresent": "false",
        "aws:TokenIssueTime": "2026-11-20T08:00:00Z",
      },
    })
    expect(derivedRole.request.absentKeys).toContain("aws:username")
  })

  it("falls back to the session ARN when the issuer is missing", () => {
    const identity = { ...roleSession("Deployer"), sessionContext: undefined }
    expect(
      request(apiCall("ec2.amazonaws.com", "DescribeInstances", { userIdentity: identity })).principalArn,
    ).toBe("arn:aws:iam::111111111111:role/Deployer")
  })

  it("is the user for IAM users; long-term keys carry no MFA key", () => {
    const user = request(apiCall("ec2.amazonaws.com", "DescribeInstances", { userIdentity: iamUser("bob") }))
    expect(user).toMatchObject({
      principalArn: "arn:aws:iam::111111111111:user/bob",
      context: { "aws:PrincipalType": "User", "aws:username": "bob" },
    })
    expect(user.absentKeys).toContain("aws:MultiFactorAuthPresent")
  })

  it("is the account's root ARN for the root user", () => {
    const root = {
      type: "Root",
      principalId: "111111111111",
      arn: "arn:aws:iam::111111111111:root",
      accountId: "111111111111",
    }
    expect(request(apiCall("ec2.amazonaws.com", "DescribeInstances", { userIdentity: root }))).toMatchObject({
      principalArn: "arn:aws:iam::111111111111:root",
      context: { "aws:PrincipalType": "Account" },
    })
  })

  it("flags service-linked roles, which the evaluator exempts", () => {
    const slr = roleSession("AWSServiceRoleForConfig", { path: "/aws-service-role/config.amazonaws.com/" })
    const result = derived(apiCall("config.amazonaws.com", "PutConfigRule", { userIdentity: slr }))
    expect(result.principal.serviceLinkedRole).toBe(true)
    expect(result.request.principalArn).toContain(":role/aws-service-role/")
  })

  it("skips callers SCPs do not restrict or cannot name", () => {
    const service = { type: "AWSService", invokedBy: "lambda.amazonaws.com" }
    expect(deriveRequest(apiCall("sts.amazonaws.com", "AssumeRole", { userIdentity: service }))).toEqual({
      ok: false,
      reason: "aws-service-principal",
    })
    expect(
      deriveRequest(
        apiCall("sts.amazonaws.com", "AssumeRoleWithSAML", { userIdentity: { type: "SAMLUser" } }),
      ),
    ).toEqual({
      ok: false,
      reason: "federated-sign-in",
    })
    expect(
      deriveRequest(apiCall("ec2.amazonaws.com", "DescribeInstances", { userIdentity: { type: "Unknown" } })),
    ).toEqual({
      ok: false,
      reason: "unidentified-principal",
    })
  })
})

describe("which events are replayed", () => {
  it("replays API calls, read-only and console ones included", () => {
    expect(
      deriveRequest(
        apiCall("ec2.amazonaws.com", "DescribeInstances", {
          readOnly: true,
          sessionCredentialFromConsole: "true",
        }),
      ).ok,
    ).toBe(true)
  })

  it("skips what is not an API call, with the reason", () => {
    const skipped = (eventType: string) =>
      deriveRequest(apiCall("signin.amazonaws.com", "ConsoleLogin", { eventType }))
    expect(skipped("AwsConsoleSignIn")).toEqual({ ok: false, reason: "console-sign-in" })
    expect(skipped("AwsServiceEvent")).toEqual({ ok: false, reason: "service-event" })
    expect(skipped("AwsConsoleAction")).toEqual({ ok: false, reason: "console-action" })
    expect(skipped("AwsCloudTrailInsight")).toEqual({ ok: false, reason: "insight" })
    expect(skipped("AwsVpceEvent")).toEqual({ ok: false, reason: "network-activity" })
    expect(deriveRequest(apiCall("sts.amazonaws.com", "GetCallerIdentity"))).toEqual({
      ok: false,
      reason: "not-authorized-by-iam",
    })
    expect(deriveRequest({ eventName: "X" })).toEqual({ ok: false, reason: "incomplete-event" })
  })

  it("counts calls AWS refused at the time", () => {
    expect(
      derived(apiCall("ec2.amazonaws.com", "RunInstances", { errorCode: "Client.UnauthorizedOperation" }))
        .deniedInReality,
    ).toBe(true)
    expect(
      derived(apiCall("rds.amazonaws.com", "CreateDBInstance", { errorCode: "AccessDenied" }))
        .deniedInReality,
    ).toBe(true)
    expect(
      derived(apiCall("rds.amazonaws.com", "CreateDBInstance", { errorCode: "InvalidParameterValue" }))
        .deniedInReality,
    ).toBe(false)
  })
})

describe("the context", () => {
  it("has the region, the time and the public source address", () => {
    expect(request(apiCall("ec2.amazonaws.com", "DescribeInstances")).context).toMatchObject({
      "aws:RequestedRegion": "eu-west-1",
      "aws:CurrentTime": "2026-11-20T08:01:02Z",
      "aws:EpochTime": String(Date.UTC(2026, 10, 20, 8, 1, 2) / 1000),
      "aws:SourceIp": "203.0.113.10",
      "aws:ViaAWSService": "false",
    })
  })

  it("knows calls through a VPC endpoint have no aws:SourceIp", () => {
    const viaEndpoint = request(
      apiCall("s3.amazonaws.com", "ListBuckets", { sourceIPAddress: "10.0.1.5", vpcEndpointId: "vpce-0abc" }),
    )
    expect(viaEndpoint.context).toMatchObject({
      "aws:SourceVpce": "vpce-0abc",
      "aws:VpcSourceIp": "10.0.1.5",
    })
    expect(viaEndpoint.absentKeys).toContain("aws:SourceIp")
    const privateOnly = request(apiCall("s3.amazonaws.com", "ListBuckets", { sourceIPAddress: "10.0.1.5" }))
    expect(privateOnly.context["aws:SourceIp"]).toBeUndefined()
    expect(privateOnly.absentKeys).not.toContain("aws:SourceIp")
  })

  it("leaves the via-service keys unknown when a service made the call", () => {
    const identity = { ...roleSession("Developer"), invokedBy: "cloudformation.amazonaws.com" }
    const viaService = request(
      apiCall("rds.amazonaws.com", "CreateDBInstance", {
        userIdentity: identity,
        sourceIPAddress: "cloudformation.amazonaws.com",
      }),
    )
    expect(viaService.context["aws:ViaAWSService"]).toBeUndefined()
    expect(viaService.absentKeys).not.toContain("aws:CalledVia")
  })

  it("is open-world", () => {
    expect(request(apiCall("ec2.amazonaws.com", "DescribeInstances")).world).toBe("open")
  })
})

describe("RDS", () => {
  it("knows rds:StorageEncrypted when the request says true or false", () => {
    expect(request(createDbInstance({ encrypted: true })).context["rds:StorageEncrypted"]).toBe("true")
    expect(request(createDbInstance({ encrypted: false })).context["rds:StorageEncrypted"]).toBe("false")
  })

  it("knows rds:StorageEncrypted is absent when the request left the parameter out", () => {
    const absent = request(createDbInstance({}))
    expect(absent.context["rds:StorageEncrypted"]).toBeUndefined()
    expect(absent.absentKeys).toContain("rds:StorageEncrypted")
  })

  it("knows nothing of the parameters when none were recorded", () => {
    const unknown = request({ ...createDbInstance({ encrypted: false }), requestParameters: null })
    expect(unknown.context["rds:StorageEncrypted"]).toBeUndefined()
    expect(unknown.context["rds:DatabaseEngine"]).toBeUndefined()
    expect(unknown.absentKeys).not.toContain("rds:StorageEncrypted")
  })

  it("takes rds:DatabaseEngine from the engine parameter", () => {
    expect(request(createDbInstance({ engine: "aurora-postgresql" })).context["rds:DatabaseEngine"]).toBe(
      "aurora-postgresql",
    )
  })

  it("treats rds:StorageEncrypted as absent for actions that do not define it", () => {
    const replica = apiCall("rds.amazonaws.com", "CreateDBInstanceReadReplica", {
      requestParameters: { dBInstanceIdentifier: "r" },
    })
    expect(request(replica).absentKeys).toContain("rds:StorageEncrypted")
  })

  it("leaves it unknown for blue/green deployments, which have no such parameter", () => {
    const blueGreen = apiCall("rds.amazonaws.com", "CreateBlueGreenDeployment", {
      requestParameters: { source: "arn:aws:rds:eu-west-1:111111111111:db:orders" },
    })
    expect(request(blueGreen).absentKeys).not.toContain("rds:StorageEncrypted")
  })
})

describe("resources", () => {
  it("names the role of IAM role actions", () => {
    expect(
      request(
        apiCall("iam.amazonaws.com", "PutRolePolicy", {
          requestParameters: { roleName: "RampartAudit", policyName: "x" },
        }),
      ).resource,
    ).toBe("arn:aws:iam::111111111111:role/RampartAudit")
    expect(
      request(
        apiCall("iam.amazonaws.com", "CreateRole", { requestParameters: { roleName: "Ci", path: "/ci/" } }),
      ).resource,
    ).toBe("arn:aws:iam::111111111111:role/ci/Ci")
  })

  it("names the role being assumed", () => {
    const assume = apiCall("sts.amazonaws.com", "AssumeRole", {
      requestParameters: { roleArn: "arn:aws:iam::222222222222:role/Audit", roleSessionName: "s" },
    })
    expect(request(assume).resource).toBe("arn:aws:iam::222222222222:role/Audit")
  })

  it("names backup vaults, plans and recovery points", () => {
    const vault = apiCall("backup.amazonaws.com", "DeleteBackupVault", {
      requestParameters: { backupVaultName: "central" },
    })
    expect(request(vault).resource).toBe("arn:aws:backup:eu-west-1:111111111111:backup-vault:central")
    const plan = apiCall("backup.amazonaws.com", "DeleteBackupPlan", {
      requestParameters: { backupPlanId: "p-1" },
    })
    expect(request(plan).resource).toBe("arn:aws:backup:eu-west-1:111111111111:backup-plan:p-1")
  })

  it("names trails by name or ARN", () => {
    const byName = apiCall("cloudtrail.amazonaws.com", "StopLogging", {
      requestParameters: { name: "org-trail" },
    })
    expect(request(byName).resource).toBe("arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail")
    const arn = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"
    expect(
      request(
        apiCall("cloudtrail.amazonaws.com", "PutEventSelectors", { requestParameters: { trailName: arn } }),
      ).resource,
    ).toBe(arn)
  })

  it("is * when the event does not name one", () => {
    expect(
      request(
        apiCall("config.amazonaws.com", "DeleteConfigRule", { requestParameters: { configRuleName: "r" } }),
      ).resource,
    ).toBe("*")
    expect(request(apiCall("iam.amazonaws.com", "PutRolePolicy")).resource).toBe("*")
  })
})

describe("malformed members", () => {
  it("skips an event whose request parameters are not JSON", () => {
    const text = JSON.stringify(createDbInstance({ encrypted: false })).replace(
      '"allocatedStorage":20',
      '"allocatedStorage":2x0',
    )
    const event = {
      ...JSON.parse(JSON.stringify(createDbInstance())),
      get requestParameters() {
        return JSON.parse(text).requestParameters
      },
    }
    expect(deriveRequest(event)).toEqual({ ok: false, reason: "malformed-event" })
  })
})
