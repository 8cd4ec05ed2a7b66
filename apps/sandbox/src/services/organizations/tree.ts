import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { type OrganizationState, pathToRoot } from "../../state/organization.ts"
import { paginate } from "../pagination.ts"
import { changed, managementOnly, organizationOf, readerOnly } from "./access.ts"
import { settleCreatedAccounts } from "./accounts.ts"
import { attachFullAwsAccess } from "./policies.ts"
import { organizationShape, ouShape, rootShape } from "./shapes.ts"

const parentOf = (org: OrganizationState, id: string): string | undefined =>
  org.accounts[id]?.parentId ?? org.ous[id]?.parentId

const requireParent = (org: OrganizationState, id: string): void => {
  if (id !== org.rootId && !org.ous[id])
    throw new ServiceError(
      "ParentNotFoundException",
      `We can't find a root or OU with the ParentId that you specified.`,
    )
}

export const treeOperations: ReadonlyArray<Operation> = [
  {
    name: "DescribeOrganization",
    readOnly: true,
    handle: (_, context) => ({ Organization: organizationShape(organizationOf(context)) }),
  },
  {
    name: "ListRoots",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const page = paginate([rootShape(org)], input)
      return { Roots: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListOrganizationalUnitsForParent",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const parentId = requireString(input, "ParentId", "InvalidInputException")
      requireParent(org, parentId)
      const ous = Object.values(org.ous)
        .filter((ou) => ou.parentId === parentId)
        .sort((a, b) => a.id.localeCompare(b.id))
      const page = paginate(ous.map(ouShape), input)
      return { OrganizationalUnits: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeOrganizationalUnit",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      const ou = org.ous[requireString(input, "OrganizationalUnitId", "InvalidInputException")]
      if (!ou)
        throw new ServiceError(
          "OrganizationalUnitNotFoundException",
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        )
      return { OrganizationalUnit: ouShape(ou) }
    },
  },
  {
    name: "CreateOrganizationalUnit",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const parentId = requireString(input, "ParentId", "InvalidInputException")
      const name = requireString(input, "Name", "InvalidInputException")
      requireParent(org, parentId)
      if (name.length > 128)
        throw new ServiceError(
          "InvalidInputException",
          "You provided a value that does not match the required pattern.",
          { fields: { Reason: "INVALID_NAME" } },
        )
      if (Object.values(org.ous).some((ou) => ou.parentId === parentId && ou.name === name)) {
        throw new ServiceError(
          "DuplicateOrganizationalUnitException",
          "An OU with the same name already exists.",
        )
      }
      if (pathToRoot(org, parentId).length > org.quotas.ouDepth) {
        throw new ServiceError(
          "ConstraintViolationException",
          "You have exceeded the maximum allowed depth of OUs.",
          { fields: { Reason: "OU_DEPTH_LIMIT_EXCEEDED" } },
        )
      }
      const id = context.store.nextId(`ou-${org.rootId.slice(2)}-`, 8)
      const ou = {
        id,
        arn: `arn:${context.partition}:organizations::${org.managementAccountId}:ou/${org.id}/${id}`,
        name,
        parentId,
      }
      org.ous[id] = ou
      attachFullAwsAccess(org, id)
      changed(context, org)
      return { OrganizationalUnit: ouShape(ou) }
    },
  },
  {
    name: "UpdateOrganizationalUnit",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const ou = org.ous[requireString(input, "OrganizationalUnitId", "InvalidInputException")]
      if (!ou)
        throw new ServiceError(
          "OrganizationalUnitNotFoundException",
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        )
      if (typeof input.Name === "string") ou.name = input.Name
      changed(context, org)
      return { OrganizationalUnit: ouShape(ou) }
    },
  },
  {
    name: "DeleteOrganizationalUnit",
    readOnly: false,
    handle: (input, context) => {
      const org = managementOnly(context)
      const id = requireString(input, "OrganizationalUnitId", "InvalidInputException")
      if (!org.ous[id])
        throw new ServiceError(
          "OrganizationalUnitNotFoundException",
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        )
      if (
        Object.values(org.ous).some((ou) => ou.parentId === id) ||
        Object.values(org.accounts).some((a) => a.parentId === id)
      ) {
        throw new ServiceError(
          "OrganizationalUnitNotEmptyException",
          "The specified OU is not empty. Move all accounts to another root or OU and delete all child OUs, then try the operation again.",
        )
      }
      delete org.ous[id]
      delete org.attachments[id]
      changed(context, org)
      return {}
    },
  },
  {
    name: "ListParents",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const childId = requireString(input, "ChildId", "InvalidInputException")
      const parentId = parentOf(org, childId)
      if (parentId === undefined)
        throw new ServiceError(
          "ChildNotFoundException",
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        )
      const page = paginate(
        [{ Id: parentId, Type: parentId === org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }],
        input,
      )
      return { Parents: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "ListChildren",
    readOnly: true,
    handle: (input, context) => {
      const org = readerOnly(context)
      settleCreatedAccounts(context, org)
      const parentId = requireString(input, "ParentId", "InvalidInputException")
      const childType = requireString(input, "ChildType", "InvalidInputException")
      requireParent(org, parentId)
      const children =
        childType === "ACCOUNT"
          ? Object.values(org.accounts)
              .filter((a) => a.parentId === parentId)
              .map((a) => ({ Id: a.id, Type: "ACCOUNT" }))
          : childType === "ORGANIZATIONAL_UNIT"
            ? Object.values(org.ous)
                .filter((o) => o.parentId === parentId)
                .map((o) => ({ Id: o.id, Type: "ORGANIZATIONAL_UNIT" }))
            : undefined
      if (!children)
        throw new ServiceError("InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.", {
          fields: { Reason: "INVALID_ENUM" },
        })
      const page = paginate(
        children.sort((a, b) => a.Id.localeCompare(b.Id)),
        input,
      )
      return { Children: page.items, NextToken: page.nextToken }
    },
  },
]
