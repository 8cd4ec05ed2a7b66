import {
  type Account,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  type Organization,
  type OrganizationalUnit,
  OrganizationsClient,
  type Parent,
  type Policy,
  type PolicySummary,
  type Root,
} from "@aws-sdk/client-organizations"
import { Context, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import { allPages, awsCall } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"

/** The Organizations operations Rampart uses (reads of the tree and of SCPs). */
export interface OrganizationsShape {
  readonly describeOrganization: Effect.Effect<Organization, AwsError>
  readonly listRoots: Effect.Effect<ReadonlyArray<Root>, AwsError>
  readonly listOrganizationalUnits: (
    parentId: string,
  ) => Effect.Effect<ReadonlyArray<OrganizationalUnit>, AwsError>
  readonly listAccounts: Effect.Effect<ReadonlyArray<Account>, AwsError>
  readonly listAccountsForParent: (parentId: string) => Effect.Effect<ReadonlyArray<Account>, AwsError>
  readonly listParents: (childId: string) => Effect.Effect<ReadonlyArray<Parent>, AwsError>
  /** The SCPs attached directly to a root, OU or account (pages of at most 20, empty pages possible). */
  readonly listPoliciesForTarget: (targetId: string) => Effect.Effect<ReadonlyArray<PolicySummary>, AwsError>
  readonly describePolicy: (policyId: string) => Effect.Effect<Policy, AwsError>
}

/** AWS Organizations. */
export class Organizations extends Context.Service<Organizations, OrganizationsShape>()(
  "rampart/aws/Organizations",
) {}

const service = "organizations"

/** Organizations through the SDK v3 client (a global service, addressed in us-east-1). */
export const organizationsLive: Layer.Layer<Organizations, never, ClientSettings> = Layer.effect(
  Organizations,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new OrganizationsClient(clientOptions(settings, scope.region, undefined, connections)),
    )
    const client = clientFor({ region: "us-east-1" })
    return {
      describeOrganization: awsCall(service, "DescribeOrganization", (abortSignal) =>
        client.send(new DescribeOrganizationCommand({}), { abortSignal }),
      ).pipe(Effect.map((r) => r.Organization ?? {})),
      listRoots: allPages(
        (NextToken) =>
          awsCall(service, "ListRoots", (abortSignal) =>
            client.send(new ListRootsCommand({ NextToken }), { abortSignal }),
          ),
        (r) => r.Roots,
        (r) => r.NextToken,
      ),
      listOrganizationalUnits: (ParentId) =>
        allPages(
          (NextToken) =>
            awsCall(service, "ListOrganizationalUnitsForParent", (abortSignal) =>
              client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }), {
                abortSignal,
              }),
            ),
          (r) => r.OrganizationalUnits,
          (r) => r.NextToken,
        ),
      listAccounts: allPages(
        (NextToken) =>
          awsCall(service, "ListAccounts", (abortSignal) =>
            client.send(new ListAccountsCommand({ NextToken }), { abortSignal }),
          ),
        (r) => r.Accounts,
        (r) => r.NextToken,
      ),
      listAccountsForParent: (ParentId) =>
        allPages(
          (NextToken) =>
            awsCall(service, "ListAccountsForParent", (abortSignal) =>
              client.send(new ListAccountsForParentCommand({ ParentId, NextToken }), { abortSignal }),
            ),
          (r) => r.Accounts,
          (r) => r.NextToken,
        ),
      listParents: (ChildId) =>
        allPages(
          (NextToken) =>
            awsCall(service, "ListParents", (abortSignal) =>
              client.send(new ListParentsCommand({ ChildId, NextToken }), { abortSignal }),
            ),
          (r) => r.Parents,
          (r) => r.NextToken,
        ),
      listPoliciesForTarget: (TargetId) =>
        allPages(
          (NextToken) =>
            awsCall(service, "ListPoliciesForTarget", (abortSignal) =>
              client.send(
                new ListPoliciesForTargetCommand({ TargetId, Filter: "SERVICE_CONTROL_POLICY", NextToken }),
                { abortSignal },
              ),
            ),
          (r) => r.Policies,
          (r) => r.NextToken,
        ),
      describePolicy: (PolicyId) =>
        awsCall(service, "DescribePolicy", (abortSignal) =>
          client.send(new DescribePolicyCommand({ PolicyId }), { abortSignal }),
        ).pipe(Effect.map((r) => r.Policy ?? {})),
    }
  }),
)
