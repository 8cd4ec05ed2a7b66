import type { PreparedRequest } from "./prepared-request.ts"
import { False, type Truth } from "./truth.ts"

/** A check of a request that depends on nothing else: a condition key test, or a statement's resource and condition. */
export type RequestTest = (request: PreparedRequest) => Truth

/**
 * Tests shared by every statement of one compiled hierarchy. Guardrails repeat the same conditions (the
 * exempt-principal ArnNotLike above all) and the same resource and condition pairs, so each distinct test runs
 * once per request and its answer is remembered for the rest of that request.
 */
export type TestCache = Map<string, RequestTest>

const remembered = (test: RequestTest): RequestTest => {
  let stamp = -1
  let result: Truth = False
  return (request) => {
    if (request.stamp !== stamp) {
      result = test(request)
      stamp = request.stamp
    }
    return result
  }
}

/** The shared, remembering test for `id`, built once per cache; without a cache, the test itself. */
export const sharedTest = (
  cache: TestCache | undefined,
  id: string,
  build: () => RequestTest,
): RequestTest => {
  if (cache === undefined) return build()
  let test = cache.get(id)
  if (test === undefined) {
    test = remembered(build())
    cache.set(id, test)
  }
  return test
}
