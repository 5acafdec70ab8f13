// Reading the fields of a success answer. A field of the wrong type means
// the server is not the one the client expects (or a proxy answered), and
// is a ProtocolError at once rather than an `undefined` deep in a page.
import { ProtocolError, type JsonObject } from './errors.js';

function field(body: JsonObject, name: string, type: string): unknown {
  const value = body[name];
  if (typeof value !== type) throw new ProtocolError(`answer field ${name} is not a ${type}`);
  return value;
}

export const str = (body: JsonObject, name: string) => field(body, name, 'string') as string;
export const num = (body: JsonObject, name: string) => field(body, name, 'number') as number;
export const bool = (body: JsonObject, name: string) => field(body, name, 'boolean') as boolean;

export function optStr(body: JsonObject, name: string): string | undefined {
  return body[name] === undefined ? undefined : str(body, name);
}

export function object(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`${what} is not an object`);
  }
  return value as JsonObject;
}

/** Copies only the fields that are present, so optional members stay absent. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The mail-link fields of a request, leaving out those not given. */
export function links(o: { service?: string; redirectTo?: string; resume?: string }) {
  return defined({ service: o.service, redirectTo: o.redirectTo, resume: o.resume });
}
