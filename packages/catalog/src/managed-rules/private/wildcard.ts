/** True when `text` matches `pattern`, where `*` stands for any run of characters and `?` for one (IAM and AWS Backup style). */
export const wildcardMatches = (
  pattern: string,
  text: string,
  options: { readonly ignoreCase?: boolean } = {},
): boolean => {
  const source = pattern
    .split("")
    .map((char) => {
      if (char === "*") return ".*"
      if (char === "?") return "."
      return char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")
    })
    .join("")
  return new RegExp(`^${source}$`, options.ignoreCase === true ? "is" : "s").test(text)
}
