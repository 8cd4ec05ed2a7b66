import { describe, expect, it } from "vitest"
import { classifyAwsError, refusedBy } from "./aws-error.ts"

const site = { service: "rds", operation: "CreateDBInstance" }

describe("classifyAwsError", () => {
  it("recognises throttling by code or by status 429", () => {
    expect(classifyAwsError({ name: "ThrottlingException", message: "Rate exceeded" }, site)._tag).toBe(
      "Throttled",
    )
    expect(classifyAwsError({ name: "TooManyRequestsException", message: "x" }, site)._tag).toBe("Throttled")
    expect(
      classifyAwsError({ name: "Whatever", message: "x", $metadata: { httpStatusCode: 429 } }, site)._tag,
    ).toBe("Throttled")
  })

  it("tells SCP, identity and trust denials apart from AWS's wording", () => {
    expect(
      classifyAwsError(
        {
          name: "AccessDenied",
          message:
            "User: x is not authorized to perform: rds:CreateDBInstance on resource: y with an explicit deny in a service control policy",
        },
        site,
      ),
    ).toMatchObject({ _tag: "AccessDenied", by: "scp", explicit: true })
    expect(
      classifyAwsError(
        {
          name: "AccessDeniedException",
          message: "... because no identity-based policy allows the rds:X action",
        },
        site,
      ),
    ).toMatchObject({ _tag: "AccessDenied", by: "identity", explicit: false })
    expect(
      classifyAwsError(
        {
          name: "AccessDenied",
          message: "User: x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/R",
        },
        { service: "sts", operation: "AssumeRole" },
      ),
    ).toMatchObject({ by: "trust" })
  })

  it("sorts out expired credentials, missing things and the rest", () => {
    expect(classifyAwsError({ name: "ExpiredToken", message: "expired" }, site)._tag).toBe(
      "CredentialsRejected",
    )
    expect(classifyAwsError({ name: "DBInstanceNotFoundFault", message: "no" }, site)._tag).toBe("NotFound")
    expect(
      classifyAwsError({ name: "InternalFailure", message: "x", $metadata: { httpStatusCode: 500 } }, site),
    ).toMatchObject({ _tag: "AwsFailure", retryable: true })
    expect(
      classifyAwsError(
        { name: "InvalidParameterValue", message: "x", $metadata: { httpStatusCode: 400 } },
        site,
      ),
    ).toMatchObject({ _tag: "AwsFailure", retryable: false })
  })

  it("keeps AWS Config's missing-recorder codes: NotFound for a named recorder, a failure that is not retried otherwise", () => {
    const config = { service: "config", operation: "DescribeConfigurationRecorderStatus" }
    expect(
      classifyAwsError(
        {
          name: "NoSuchConfigurationRecorderException",
          message: "Cannot find configuration recorder with the specified name 'default'.",
          $metadata: { httpStatusCode: 400 },
        },
        config,
      ),
    ).toMatchObject({ _tag: "NotFound", code: "NoSuchConfigurationRecorderException" })
    expect(
      classifyAwsError(
        {
          name: "NoAvailableConfigurationRecorderException",
          message:
            "There are no configuration recorders available to provide the role needed to describe your resources.",
          $metadata: { httpStatusCode: 400 },
        },
        { service: "config", operation: "PutConfigRule" },
      ),
    ).toMatchObject({
      _tag: "AwsFailure",
      code: "NoAvailableConfigurationRecorderException",
      status: 400,
      retryable: false,
    })
  })
})

describe("refusedBy", () => {
  it("reads what refused a call from the errorMessage CloudTrail records", () => {
    const who =
      "User: arn:aws:sts::222222222202:assumed-role/CiDeploy/ci is not authorized to perform: rds:CreateDBInstance"
    expect(refusedBy(`${who} with an explicit deny in a service control policy`)).toBe("scp")
    expect(refusedBy(`${who} because no service control policy allows the rds:CreateDBInstance action`)).toBe(
      "scp",
    )
    expect(refusedBy(`${who} because no identity-based policy allows the rds:CreateDBInstance action`)).toBe(
      "identity",
    )
    expect(refusedBy("User: x is not authorized to perform: sts:AssumeRole on resource: y")).toBe("trust")
    expect(refusedBy("Access Denied")).toBe("unknown")
  })
})
