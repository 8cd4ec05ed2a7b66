/** A command's answer without the SDK's response metadata: the service's own output shape. */
export const withoutMetadata = <T extends { readonly $metadata: unknown }>({
  $metadata: _,
  ...output
}: T): Omit<T, "$metadata"> => output
