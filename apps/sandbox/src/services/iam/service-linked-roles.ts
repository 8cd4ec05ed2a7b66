import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { changed, findRole, iamOf, isServiceLinked, roleArnFor, roleOrThrow } from "./access.ts"
import { addRole, roleNameOf } from "./roles.ts"
import { roleShape } from "./shapes.ts"
import { optionalText } from "./validation.ts"

/** A service that has a service-linked role: the role's name and the AWS managed policy AWS attaches to it. */
interface LinkedService {
  readonly roleName: string
  readonly policy: string
  /** Services that allow several roles distinguished by a suffix (`AWSServiceRoleForAutoScaling_x`). */
  readonly suffix?: boolean
}

/** The services whose service-linked roles the sandbox can create (those Rampart's world touches, and a few common ones). */
const linkedServices: Readonly<Record<string, LinkedService>> = {
  "rds.amazonaws.com": { roleName: "AWSServiceRoleForRDS", policy: "AmazonRDSServiceRolePolicy" },
  "backup.amazonaws.com": {
    roleName: "AWSServiceRoleForBackup",
    policy: "AWSBackupServiceLinkedRolePolicyForBackup",
  },
  "config.amazonaws.com": { roleName: "AWSServiceRoleForConfig", policy: "AWSConfigServiceRolePolicy" },
  "config-conforms.amazonaws.com": {
    roleName: "AWSServiceRoleForConfigConforms",
    policy: "ConfigConformsServiceRolePolicy",
  },
  "cloudtrail.amazonaws.com": {
    roleName: "AWSServiceRoleForCloudTrail",
    policy: "CloudTrailServiceRolePolicy",
  },
  "organizations.amazonaws.com": {
    roleName: "AWSServiceRoleForOrganizations",
    policy: "AWSOrganizationsServiceTrustPolicy",
  },
  "access-analyzer.amazonaws.com": {
    roleName: "AWSServiceRoleForAccessAnalyzer",
    policy: "AccessAnalyzerServiceRolePolicy",
  },
  "securityhub.amazonaws.com": {
    roleName: "AWSServiceRoleForSecurityHub",
    policy: "AWSSecurityHubServiceRolePolicy",
  },
  "guardduty.amazonaws.com": {
    roleName: "AWSServiceRoleForAmazonGuardDuty",
    policy: "AmazonGuardDutyServiceRolePolicy",
  },
  "sso.amazonaws.com": { roleName: "AWSServiceRoleForSSO", policy: "AWSSSOServiceRolePolicy" },
  "ecs.amazonaws.com": { roleName: "AWSServiceRoleForECS", policy: "AmazonECSServiceRolePolicy" },
  "elasticloadbalancing.amazonaws.com": {
    roleName: "AWSServiceRoleForElasticLoadBalancing",
    policy: "AWSElasticLoadBalancingServiceRolePolicy",
  },
  "autoscaling.amazonaws.com": {
    roleName: "AWSServiceRoleForAutoScaling",
    policy: "AutoScalingServiceRolePolicy",
    suffix: true,
  },
}

const serviceOf = (name: string): LinkedService => {
  const service = linkedServices[name]
  if (!service)
    throw new ServiceError(
      "InvalidInput",
      `The service ${name} does not support service-linked roles, or the sandbox does not know it.`,
    )
  return service
}

const roleNameFor = (service: LinkedService, serviceName: string, suffix: unknown): string => {
  if (suffix === undefined) return service.roleName
  if (!service.suffix)
    throw new ServiceError("InvalidInput", `Custom suffix is not allowed for ${serviceName}.`)
  if (typeof suffix !== "string" || !/^[\w+=,.@-]{1,64}$/.test(suffix))
    throw new ServiceError("InvalidInput", "The custom suffix is not valid.")
  return `${service.roleName}_${suffix}`
}

const createServiceLinkedRole: Operation = {
  name: "CreateServiceLinkedRole",
  readOnly: false,
  resource: (input, context) => {
    const serviceName = requireString(input, "AWSServiceName", "ValidationError")
    const roleName = roleNameFor(serviceOf(serviceName), serviceName, input.CustomSuffix)
    return roleArnFor(context, roleName, `/aws-service-role/${serviceName}/`)
  },
  conditionKeys: (input) => ({
    "iam:AWSServiceName": requireString(input, "AWSServiceName", "ValidationError"),
  }),
  handle: (input, context) => {
    const serviceName = requireString(input, "AWSServiceName", "ValidationError")
    const service = serviceOf(serviceName)
    const roleName = roleNameFor(service, serviceName, input.CustomSuffix)
    const description = optionalText(input, "Description", 1000) ?? ""
    const role = addRole(
      context,
      {
        roleName,
        path: `/aws-service-role/${serviceName}/`,
        assumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: serviceName }, Action: "sts:AssumeRole" }],
        }),
        description,
        maxSessionDuration: 3600,
        inlinePolicies: {},
        attachedPolicyArns: [`arn:${context.partition}:iam::aws:policy/aws-service-role/${service.policy}`],
        tags: [],
      },
      (name) =>
        new ServiceError(
          "InvalidInput",
          `Service role name ${name} has been taken in this account, please try a different suffix.`,
        ),
    )
    return { Role: roleShape(role, { tags: true }) }
  },
}

const deleteServiceLinkedRole: Operation = {
  name: "DeleteServiceLinkedRole",
  readOnly: false,
  resource: (input, context) => roleArnFor(context, roleNameOf(input)),
  handle: (input, context) => {
    const iam = iamOf(context)
    const role = roleOrThrow(iam, roleNameOf(input))
    if (!isServiceLinked(role))
      throw new ServiceError("InvalidInput", `Role ${role.roleName} is not a service-linked role.`)
    // The service's own policy goes with the role; the sandbox deletes at once rather than in a background task.
    delete iam.roles[role.roleName]
    changed(context, iam)
    const task = context.store.nextId("", 32, "0123456789abcdef")
    const uuid = `${task.slice(0, 8)}-${task.slice(8, 12)}-${task.slice(12, 16)}-${task.slice(16, 20)}-${task.slice(20)}`
    return { DeletionTaskId: `task${role.path}${role.roleName}/${uuid}` }
  },
}

const getServiceLinkedRoleDeletionStatus: Operation = {
  name: "GetServiceLinkedRoleDeletionStatus",
  readOnly: true,
  handle: (input, context) => {
    const taskId = requireString(input, "DeletionTaskId", "ValidationError")
    const match = /^task\/aws-service-role\/[\w.+-]+\/([\w+=,.@-]+)\/[0-9a-f-]{36}$/.exec(taskId)
    if (!match)
      throw new ServiceError("NoSuchEntity", `Deletion task ${taskId} cannot be found.`, { status: 404 })
    // Deletion happens at once, so a task is done exactly when its role is gone.
    const gone = findRole(iamOf(context), match[1] as string) === undefined
    return { Status: gone ? "SUCCEEDED" : "IN_PROGRESS" }
  },
}

/** Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus. */
export const serviceLinkedRoleOperations: ReadonlyArray<Operation> = [
  createServiceLinkedRole,
  deleteServiceLinkedRole,
  getServiceLinkedRoleDeletionStatus,
]
