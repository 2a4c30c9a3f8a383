/**
 * A framework's shape: the IDs, kinds and parents of its items, in order. Most of
 * what other files and the cross-file checks need from a framework (which IDs it
 * has, which are duplicated or misnumbered, the did-you-mean candidates for a
 * missing ID) depends on its shape alone, and typing a title or a description does
 * not change it.
 *
 * The incremental parser hands a new version of a framework the same shape token
 * as the previous one when it can tell cheaply that the shape is the same, so that
 * whatever was worked out from the shape is kept (caches are `WeakMap`s keyed by
 * the token). A framework parsed from scratch gets a token of its own.
 */
import type { Framework } from './model';

/** The identity of one shape; compare tokens with `===`. */
export type ShapeToken = Readonly<Record<string, never>>;

const tokens = new WeakMap<Framework, ShapeToken>();

/** A token for a shape not seen before. */
export function newShapeToken(): ShapeToken {
  return Object.freeze({});
}

/** The framework's shape token: the one the walk gave it, or a new one. */
export function shapeOf(framework: Framework): ShapeToken {
  let token = tokens.get(framework);
  if (!token) {
    token = newShapeToken();
    tokens.set(framework, token);
  }
  return token;
}

/** Records that `framework` has the shape `token` stands for. */
export function giveShape(framework: Framework, token: ShapeToken): void {
  tokens.set(framework, token);
}

/** A value worked out once per shape. */
export function perShape<T>(cache: WeakMap<ShapeToken, T>, token: ShapeToken, make: () => T): T {
  let value = cache.get(token);
  if (value === undefined) {
    value = make();
    cache.set(token, value);
  }
  return value;
}
