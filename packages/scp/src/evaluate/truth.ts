/**
 * Three-valued (Kleene) truth for evaluating requests whose context is only partly known: a condition on a key
 * nobody recorded is neither true nor false.
 */
export const False = 0
export const True = 1
export const Unknown = 2
export type Truth = typeof False | typeof True | typeof Unknown

/** Conjunction: false wins, then unknown. */
export const and = (a: Truth, b: Truth): Truth =>
  a === False || b === False ? False : a === Unknown || b === Unknown ? Unknown : True

/** Negation; unknown stays unknown. */
export const not = (a: Truth): Truth => (a === Unknown ? Unknown : a === True ? False : True)

/** Disjunction: true wins, then unknown. */
export const or = (a: Truth, b: Truth): Truth =>
  a === True || b === True ? True : a === Unknown || b === Unknown ? Unknown : False
