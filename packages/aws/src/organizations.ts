import {
  type Account,
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  type Organization,
  type OrganizationalUnit,
  OrganizationsClient,
  type Parent,
  type Policy,
  type PolicySummary,
  type Root,
  UpdatePolicyCommand,
} from "@aws-sdk/client-organizations"
import { Context, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import { allPages, awsCall, hasCode, idempotentWrite } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"

/** A new SCP: its name, description, document (minified JSON) and tags. */
export interface NewScp {
  readonly name: string
  readonly description: string
  readonly content: string
  readonly tags?: Readonly<Record<string, string>>
}

/** A change to an SCP: what is given is set, the rest stays. */
export interface ScpChange {
  readonly policyId: string
  readonly name?: string
  readonly description?: string
  readonly content?: string
}

/**
 * The Organizations operations Rampart uses: reads of the tree and of SCPs, and the SCP writes a rollout makes.
 * Attaching and detaching are idempotent: asked twice, they answer what was already so rather than failing, so a
 * resumed rollout can repeat them safely.
 */
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
  /** Every SCP of the organization, attached or not, all pages. */
  readonly listPolicies: Effect.Effect<ReadonlyArray<PolicySummary>, AwsError>
  readonly describePolicy: (policyId: string) => Effect.Effect<Policy, AwsError>
  readonly createPolicy: (policy: NewScp) => Effect.Effect<PolicySummary, AwsError>
  readonly updatePolicy: (change: ScpChange) => Effect.Effect<PolicySummary, AwsError>
  readonly deletePolicy: (policyId: string) => Effect.Effect<void, AwsError>
  readonly attachPolicy: (
    policyId: string,
    targetId: string,
  ) => Effect.Effect<"attached" | "already-attached", AwsError>
  readonly detachPolicy: (
    policyId: string,
    targetId: string,
  ) => Effect.Effect<"detached" | "not-attached", AwsError>
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
      listPolicies: allPages(
        (NextToken) =>
          awsCall(service, "ListPolicies", (abortSignal) =>
            client.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY", NextToken }), {
              abortSignal,
            }),
          ),
        (r) => r.Policies,
        (r) => r.NextToken,
      ),
      describePolicy: (PolicyId) =>
        awsCall(service, "DescribePolicy", (abortSignal) =>
          client.send(new DescribePolicyCommand({ PolicyId }), { abortSignal }),
        ).pipe(Effect.map((r) => r.Policy ?? {})),
      createPolicy: (policy) =>
        awsCall(service, "CreatePolicy", (abortSignal) =>
          client.send(
            new CreatePolicyCommand({
              Name: policy.name,
              Description: policy.description,
              Content: policy.content,
              Type: "SERVICE_CONTROL_POLICY",
              Tags: Object.entries(policy.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
            }),
            { abortSignal },
          ),
        ).pipe(Effect.map((r) => r.Policy?.PolicySummary ?? {})),
      updatePolicy: (change) =>
        awsCall(service, "UpdatePolicy", (abortSignal) =>
          client.send(
            new UpdatePolicyCommand({
              PolicyId: change.policyId,
              Name: change.name,
              Description: change.description,
              Content: change.content,
            }),
            { abortSignal },
          ),
        ).pipe(Effect.map((r) => r.Policy?.PolicySummary ?? {})),
      deletePolicy: (PolicyId) =>
        awsCall(service, "DeletePolicy", (abortSignal) =>
          client.send(new DeletePolicyCommand({ PolicyId }), { abortSignal }),
        ).pipe(Effect.asVoid),
      attachPolicy: (PolicyId, TargetId) =>
        awsCall(service, "AttachPolicy", (abortSignal) =>
          client.send(new AttachPolicyCommand({ PolicyId, TargetId }), { abortSignal }),
        ).pipe(
          idempotentWrite("attached", "already-attached", hasCode("DuplicatePolicyAttachmentException")),
        ),
      detachPolicy: (PolicyId, TargetId) =>
        awsCall(service, "DetachPolicy", (abortSignal) =>
          client.send(new DetachPolicyCommand({ PolicyId, TargetId }), { abortSignal }),
        ).pipe(idempotentWrite("detached", "not-attached", hasCode("PolicyNotAttachedException"))),
    }
  }),
)
