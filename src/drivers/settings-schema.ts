/**
 * What a driver writes its settings schema with: the few JSON Schema shapes settings take, built
 * as plain objects with TypeBox's names and output (`Type.Object`, `Type.Optional`, ...). Every
 * driver's schema is built when the registry loads, in every daemon; TypeBox itself is some 270
 * modules to load for these eight builders, so only the config file's schema (src/config/schema.ts,
 * which the daemon does not load) uses it. The JSON Schema test shows both write the same schema.
 */

/** A JSON Schema node. */
export type JsonSchema = object;

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: string[];
}

/** Marks a property that may be left out (TypeBox: OptionalKind); a symbol, so not part of the JSON. */
const optional = Symbol('Optional');

/** As TypeBox does: the options first, then the shape's own keys. */
function create<T extends object>(schema: T, options: object | undefined): T {
  return options === undefined ? schema : { ...options, ...schema };
}

export const Type = {
  Object(properties: Record<string, JsonSchema>, options?: object): ObjectSchema {
    const required = Object.keys(properties).filter((key) => !(optional in properties[key]!));
    return create(required.length > 0 ? { type: 'object' as const, required, properties } : { type: 'object' as const, properties }, options);
  },
  Optional<T extends JsonSchema>(schema: T): T {
    return { ...schema, [optional]: 'Optional' };
  },
  String(options?: object): JsonSchema {
    return create({ type: 'string' }, options);
  },
  Integer(options?: object): JsonSchema {
    return create({ type: 'integer' }, options);
  },
  Boolean(options?: object): JsonSchema {
    return create({ type: 'boolean' }, options);
  },
  Array(items: JsonSchema, options?: object): JsonSchema {
    return create({ type: 'array', items }, options);
  },
  Literal(value: string): JsonSchema {
    return { const: value, type: 'string' };
  },
  Union(schemas: JsonSchema[], options?: object): JsonSchema {
    if (schemas.length === 1) return create(schemas[0]!, options);
    return create({ anyOf: schemas }, options);
  },
};
