/**
 * The building blocks of the contract: how a method is declared, the schemas every domain shares,
 * and the one merge that joins the domains' method maps (and refuses a name declared twice).
 */
import { z } from 'zod';

/** One declared method: a real params schema, and the result as a type only. */
export interface MethodSpec<P extends z.ZodType = z.ZodType, R = unknown> {
  params: P;
  result: R;
}

/** A domain's methods, by `domain/verb` name. */
export type ContractPart = Record<string, MethodSpec>;

/** Declares a method: `method(paramsSchema).returns<Result>()`. */
export function method<P extends z.ZodType>(params: P) {
  return { returns: <R>(): MethodSpec<P, R> => ({ params, result: undefined as unknown as R }) };
}

/** A time in milliseconds since the epoch. */
export const timeMs = z.number().finite();
/** Params of a method that takes none. */
export const none = z.strictObject({});
/** A file or folder path. */
export const path = z.string().min(1, 'a path is required');
/** An optional time window, spread into a params object. */
export const range = { from: timeMs.optional(), to: timeMs.optional() };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The domains' method maps joined into one. */
export type Merged<D extends Record<string, ContractPart>> = UnionToIntersection<D[keyof D]>;

/**
 * Joins the domains' method maps into the one contract. Throws when two domains declare the same
 * method name, naming both, so a clash is found when the module loads rather than by a shadowed handler.
 *
 * @example mergeContracts({ logs: { 'logs/search': … }, compare: { 'compare/ranges': … } })
 */
export function mergeContracts<D extends Record<string, ContractPart>>(domains: D): Merged<D> {
  const merged: ContractPart = {};
  const owner = new Map<string, string>();
  for (const [domain, methods] of Object.entries(domains)) {
    for (const [name, spec] of Object.entries(methods)) {
      const first = owner.get(name);
      if (first !== undefined) throw new Error(`contract: method "${name}" is declared by both "${first}" and "${domain}"`);
      owner.set(name, domain);
      merged[name] = spec;
    }
  }
  return merged as Merged<D>;
}
