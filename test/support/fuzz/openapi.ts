import { Prng } from './prng';

/**
 * The parts of an OpenAPI 3 document the fuzzer reads: operations, their parameters and request
 * bodies, and the JSON schemas behind them (with `$ref`, `allOf` and `nullable` as Nest emits them).
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, RawOperation>>>;
  components: { schemas?: Record<string, Schema> };
}

interface RawOperation {
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

/** Who may call an operation, as its description states it (`**Access:** …`, written by `Access.*`). */
export type AccessRule = { kind: 'public' } | { kind: 'any' } | { kind: 'roles'; roles: string[] };

export interface Operation {
  key: string;
  method: HttpMethod;
  path: string;
  access: AccessRule;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** The JSON request body's schema, resolved one level; undefined when the operation takes no body. */
  body?: Schema;
}

export function accessOf(description = ''): AccessRule {
  const rule = /\*\*Access:\*\*\s*([^.]*)\./.exec(description)?.[1] ?? '';
  if (rule.startsWith('public')) return { kind: 'public' };
  if (rule.startsWith('any logged-in user')) return { kind: 'any' };
  const roles = /^roles\s+(.*)$/.exec(rule)?.[1];
  if (roles) return { kind: 'roles', roles: roles.split(',').map((r) => r.trim()) };
  throw new Error(`Cannot read the access rule in "${description}"`);
}

export class SchemaBook {
  constructor(private readonly document: OpenApiDocument) {}

  /** Follows `$ref` and single-element `allOf`, keeping `nullable`. */
  resolve(schema: Schema | undefined): Schema {
    if (!schema) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = this.document.components.schemas?.[name];
      if (!target) throw new Error(`Unknown schema ${schema.$ref}`);
      return this.resolve(target);
    }
    if (schema.allOf?.length === 1) {
      const { allOf, ...rest } = schema;
      return { ...this.resolve(allOf[0]), ...rest, ...(rest.type === 'object' ? {} : {}) };
    }
    return schema;
  }

  operations(prefix: string): Operation[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] && path.startsWith(prefix)).map((method) => {
        const raw = item[method]!;
        const parameters = raw.parameters ?? [];
        const json = raw.requestBody?.content?.['application/json']?.schema;
        return {
          key: `${method.toUpperCase()} ${path}`,
          method,
          path,
          access: accessOf(raw.description),
          pathParams: parameters.filter((p) => p.in === 'path'),
          queryParams: parameters.filter((p) => p.in === 'query'),
          headerParams: parameters.filter((p) => p.in === 'header'),
          body: json ? this.resolve(json) : undefined,
        };
      }),
    );
  }

  /** The kind of value a schema asks for: what a "wrong type" must differ from. */
  kindOf(schema: Schema): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'any' {
    const s = this.resolve(schema);
    if (s.type === 'integer' || s.type === 'number') return 'number';
    if (s.type === 'string' || s.type === 'boolean' || s.type === 'array') return s.type;
    if (s.enum) return typeof s.enum[0] === 'number' ? 'number' : 'string';
    if (s.properties) return 'object';
    // Nest documents some decimal-string fields as `type: object` with a string example.
    if (typeof s.example === 'string') return 'string';
    if (s.type === 'object') return 'object';
    return 'any';
  }

  /**
   * A plausible value for a schema: the example, the first enum value, a string of the allowed
   * length, a number in range, the required properties of an object. Custom rules (checksums, IPC
   * codes, patent numbers) are not in the schema, so a sample is valid-looking, not always valid.
   */
  sample(schema: Schema | undefined, prng: Prng, depth = 0): unknown {
    const s = this.resolve(schema);
    if (s.example !== undefined) return structuredClone(s.example);
    if (s.enum?.length) return s.enum[0];
    if (s.default !== undefined) return structuredClone(s.default);
    switch (this.kindOf(s)) {
      case 'string':
        if (s.format === 'email') return `fuzz.${prng.hex(8)}@example.cn`;
        if (s.format === 'uuid') return prng.uuid();
        if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
        if (s.format === 'date') return '2027-01-01';
        return 'fuzz'.padEnd(Math.max(4, s.minLength ?? 0), 'z').slice(0, s.maxLength ?? 1000);
      case 'number':
        return s.minimum ?? (s.maximum !== undefined ? Math.min(1, s.maximum) : 1);
      case 'boolean':
        return true;
      case 'array':
        return depth > 4 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => this.sample(s.items, prng, depth + 1));
      case 'object': {
        if (depth > 4) return {};
        const out: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(s.properties ?? {})) {
          if (s.required?.includes(name)) out[name] = this.sample(property, prng, depth + 1);
        }
        return out;
      }
      default:
        return 'fuzz';
    }
  }

  /**
   * Every property reachable in a body (top level, inside nested objects and the first item of
   * arrays of objects), as a path into the sampled body with its schema and whether it is required.
   */
  properties(schema: Schema, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: Schema; required: boolean }[] {
    const s = this.resolve(schema);
    if (depth > 3 || !s.properties) return [];
    return Object.entries(s.properties).flatMap(([name, raw]) => {
      const property = this.resolve(raw);
      const here = { path: [...path, name], schema: property, required: s.required?.includes(name) ?? false };
      const nested =
        this.kindOf(property) === 'object'
          ? this.properties(property, [...path, name], depth + 1)
          : this.kindOf(property) === 'array' && this.resolve(property.items).properties
            ? this.properties(this.resolve(property.items), [...path, name, 0], depth + 1)
            : [];
      return [here, ...nested];
    });
  }
}
