/**
 * Explicit schemas for everything that crosses a trust boundary in the Kernel Lab: messages between
 * the webview and the extension host (validated on both sides) and state restored by
 * `getState`/the panel serializer, which may come from an older version or be damaged. A schema
 * either returns a value of its type or throws `SchemaError` naming the offending path; callers
 * drop the message (or fall back to defaults) rather than act on half-valid data.
 */

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

export type Schema<T> = (value: unknown, path: string) => T;

function fail(path: string, expected: string, value: unknown): never {
  const seen = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new SchemaError(`${path || 'value'}: expected ${expected}, got ${seen}`);
}

export function num(opts: { min?: number; max?: number; int?: boolean } = {}): Schema<number> {
  const { min = -Infinity, max = Infinity, int = false } = opts;
  const expected = `${int ? 'an integer' : 'a number'} in [${min}, ${max}]`;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (int && !Number.isInteger(value)) || value < min || value > max) {
      fail(path, expected, value);
    }
    return value;
  };
}

export function bool(): Schema<boolean> {
  return (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean', value));
}

export function str(maxLength = 4096): Schema<string> {
  return (value, path) => (typeof value === 'string' && value.length <= maxLength ? value : fail(path, `a string of at most ${maxLength} characters`, value));
}

export function literal<const T extends string>(...allowed: T[]): Schema<T> {
  return (value, path) => ((allowed as unknown[]).includes(value) ? (value as T) : fail(path, `one of ${allowed.join(', ')}`, value));
}

export function array<T>(item: Schema<T>, opts: { min?: number; max: number }): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value) || value.length < (opts.min ?? 0) || value.length > opts.max) {
      fail(path, `an array of ${opts.min ?? 0} to ${opts.max} items`, value);
    }
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

export function pair<T>(item: Schema<T>): Schema<[T, T]> {
  const two = array(item, { min: 2, max: 2 });
  return (value, path) => two(value, path) as [T, T];
}

/** One of several schemas, tried in order (for small unions such as `number | 'same'`). */
export function oneOf<T>(...options: Schema<T>[]): Schema<T> {
  return (value, path) => {
    const reasons: string[] = [];
    for (const option of options) {
      try {
        return option(value, path);
      } catch (err) {
        if (!(err instanceof SchemaError)) throw err;
        reasons.push(err.message);
      }
    }
    throw new SchemaError(reasons.join('; or '));
  };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return (value, path) => (value === undefined ? undefined : schema(value, path));
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? null : schema(value, path));
}

type Fields<T> = { [K in keyof T]-?: Schema<T[K]> };

/** A plain object with exactly these fields (unknown extra fields are dropped, not copied). */
export function object<T>(fields: Fields<T>): Schema<T> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
    const source = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const field = fields[key](source[key], path ? `${path}.${key}` : key);
      if (field !== undefined) result[key] = field;
    }
    return result as T;
  };
}

/** A union discriminated by a `type` field: only the matching variant's schema runs. */
export function tagged<T extends { type: string }>(variants: { [K in T['type']]: Schema<Extract<T, { type: K }>> }): Schema<T> {
  const table = variants as Record<string, Schema<T>>;
  return (value, path) => {
    const tag = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(table, tag)) {
      fail(path ? `${path}.type` : 'type', `one of ${Object.keys(table).join(', ')}`, tag);
    }
    return table[tag](value, path);
  };
}
