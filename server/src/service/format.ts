/**
 * The framework format, read from `schemas/framework.schema.json`: the one
 * description of which keys exist, what they hold and what they mean. The validator
 * walks it, and hover and completion show its descriptions.
 */
import schemaJson from '../../../schemas/framework.schema.json';
import type { ItemKind } from './model';

/** The subset of JSON Schema the framework schema uses. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
}

/** A schema with its `$ref` followed, remembering which definition it came from. */
export interface ResolvedSchema extends JsonSchema {
  /** The name of the `$defs` entry reached, such as `goal` or `reference`. */
  readonly definition: string | undefined;
}

export const frameworkSchema: JsonSchema = schemaJson;

const definitions = frameworkSchema.$defs ?? {};
const resolvedCache = new WeakMap<JsonSchema, ResolvedSchema>();

/**
 * Follows `$ref` to the definition it names. The referring schema's own description
 * wins over the definition's, because it says what the key means in its place.
 */
export function resolveSchema(schema: JsonSchema): ResolvedSchema {
  const cached = resolvedCache.get(schema);
  if (cached) return cached;
  let resolved: ResolvedSchema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/$defs/', '');
    const target = definitions[name];
    if (!target) throw new Error(`The framework schema refers to a missing definition: ${name}`);
    const inner = resolveSchema(target);
    resolved = {
      ...inner,
      definition: name,
      description: schema.description ?? inner.description,
    };
  } else {
    resolved = { ...schema, definition: undefined };
  }
  resolvedCache.set(schema, resolved);
  return resolved;
}

export const rootSchema: ResolvedSchema = resolveSchema(frameworkSchema);

/** The schema definitions that describe items, and the kind of item each one makes. */
export const itemDefinitions: Readonly<Record<string, ItemKind>> = {
  value: 'value',
  category: 'category',
  goal: 'goal',
  objective: 'objective',
  indicator: 'indicator',
  programme: 'programme',
};

export function definitionSchema(name: string): ResolvedSchema {
  const definition = definitions[name];
  if (!definition) throw new Error(`The framework schema has no definition ${name}`);
  return { ...resolveSchema(definition), definition: name };
}

const idPattern = new RegExp(definitionSchema('id').pattern ?? '');

export function isValidId(value: string): boolean {
  return idPattern.test(value);
}

/** IDs made of numbers and dots (`3`, `3.4`, `1.2.1`) take part in hierarchy numbering. */
export function isNumberedId(value: string): boolean {
  return /^\d+(\.\d+)*$/.test(value);
}
