import type { CallContext, Input, Operation } from "../../operation.ts"
import { resourceOf } from "./authorization.ts"
import { invalidValue } from "./errors.ts"
import { mergeTags, requiredText, tagList, textList } from "./input.ts"
import { callerState, getCluster, getClusterSnapshot, getInstance, getSnapshot, touched } from "./lookup.ts"
import { rdsXmlMembers } from "./shapes.ts"
import { parseRdsArn, type Tag } from "./state.ts"

/*
 * Tagging: RDS names the tagged resource by its ARN (ResourceName) and keeps the tags on the resource, so they show
 * in the describe answers' TagList and in AWS Config's items.
 */

/** The resource an ARN names in the caller's account and region, with its tags; not-found errors by kind. */
const taggable = (context: CallContext, input: Input): { tags: Tag[] } => {
  const name = requiredText(input, "ResourceName")
  const arn = parseRdsArn(name)
  if (!arn)
    throw invalidValue(`Invalid resource name: ${name}. ResourceName must be the ARN of an RDS resource.`)
  const state = callerState(context)
  switch (arn.kind) {
    case "db":
      return getInstance(context, state, name)
    case "cluster":
      return getCluster(context, state, name)
    case "snapshot":
      return getSnapshot(context, state, name)
    case "cluster-snapshot":
      return getClusterSnapshot(context, state, name)
  }
}

const addTagsToResource: Operation = {
  name: "AddTagsToResource",
  readOnly: false,
  resource: resourceOf("db", "ResourceName"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const resource = taggable(context, input)
    const added = tagList(input)
    const merged = mergeTags(resource.tags, added)
    if (merged.length > 50) throw invalidValue("A resource can have at most 50 tags (Tags).")
    resource.tags = merged
    touched(context)
    return {}
  },
}

const removeTagsFromResource: Operation = {
  name: "RemoveTagsFromResource",
  readOnly: false,
  resource: resourceOf("db", "ResourceName"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => {
    const resource = taggable(context, input)
    const keys = textList(input, "TagKeys") ?? []
    resource.tags = resource.tags.filter((tag) => !keys.includes(tag.Key))
    touched(context)
    return {}
  },
}

const listTagsForResource: Operation = {
  name: "ListTagsForResource",
  readOnly: true,
  resource: resourceOf("db", "ResourceName"),
  xmlMembers: rdsXmlMembers,
  handle: (input, context) => ({ TagList: taggable(context, input).tags.map((tag) => ({ ...tag })) }),
}

/** Tagging operations. */
export const tagOperations: ReadonlyArray<Operation> = [
  addTagsToResource,
  removeTagsFromResource,
  listTagsForResource,
]
