// Query strings and request headers of the storage routes (sync.md §2.3,
// §2.4, §2.6): joi schemas for the route table, and the readers that turn
// checked strings into numbers. A bad value is 400 with body 0.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import { parseTimestamp } from './clock.js';
import { BSO_ID, COLLECTION } from './input.js';
import type { Precondition, Sort } from './store.js';
import { weave } from './weave.js';

const MAX_IDS = 100;
const decimal = Joi.string().pattern(/^\d{1,12}(\.\d*)?$/);

export const schemas = {
  uidOnly: Joi.object({ uid: Joi.string() }),
  collection: Joi.object({ uid: Joi.string(), collection: Joi.string().pattern(COLLECTION) }),
  bso: Joi.object({
    uid: Joi.string(),
    collection: Joi.string().pattern(COLLECTION),
    id: Joi.string().pattern(BSO_ID),
  }),
  list: Joi.object({
    ids: Joi.string().allow(''),
    newer: decimal,
    older: decimal,
    full: Joi.string().allow(''),
    limit: Joi.string().pattern(/^\d{1,9}$/),
    offset: Joi.string().max(128).allow(''),
    sort: Joi.string().valid('newest', 'oldest', 'index'),
  }),
  post: Joi.object({
    batch: Joi.string().max(64).allow(''),
    commit: Joi.string().allow(''),
  }),
  deleteIds: Joi.object({ ids: Joi.string().allow('') }),
};

/** The routes' failAction: a bad path segment is 404 0, anything else 400 0. */
export function validationFailed(_request: Request, _h: unknown, err?: Error): never {
  const source = (err as { output?: { payload?: { validation?: { source?: string } } } })?.output
    ?.payload?.validation?.source;
  throw source === 'params' ? weave.notFound() : weave.badRequest();
}

export interface ListParams {
  ids?: string[];
  newer?: number;
  older?: number;
  full: boolean;
  limit?: number;
  offset?: string;
  sort?: Sort;
}

type Query = Record<string, string | undefined>;

/** ids=a,b: percent-decoded by hapi already, empty entries dropped, at most 100, each an id. */
export function readIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').filter((id) => id !== '');
  if (ids.length > MAX_IDS || !ids.every((id) => BSO_ID.test(id))) throw weave.badRequest();
  return ids;
}

export function readList(query: Query): ListParams {
  const params: ListParams = { full: query.full !== undefined };
  const ids = readIds(query.ids);
  if (ids !== undefined) params.ids = ids;
  if (query.newer !== undefined) params.newer = parseTimestamp(query.newer);
  if (query.older !== undefined) params.older = parseTimestamp(query.older);
  if (query.limit !== undefined) params.limit = Number(query.limit);
  if (query.offset !== undefined && query.offset !== '') params.offset = query.offset;
  if (query.sort !== undefined) params.sort = query.sort as Sort;
  return params;
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** X-If-Modified-Since / X-If-Unmodified-Since: one at most, each a non-negative decimal. */
export function readPrecondition(request: Request): Precondition {
  const since = header(request, 'x-if-modified-since');
  const unmodified = header(request, 'x-if-unmodified-since');
  if (since !== undefined && unmodified !== undefined) throw weave.badRequest();
  const parse = (text: string) => {
    const ms = parseTimestamp(text);
    if (ms === undefined) throw weave.badRequest();
    return ms;
  };
  if (since !== undefined) return { modifiedSince: parse(since) };
  if (unmodified !== undefined) return { unmodifiedSince: parse(unmodified) };
  return {};
}

/** Applies a precondition outside a write, to what a read would serve. */
export function checkRead(p: Precondition, current: number): void {
  if (p.modifiedSince !== undefined && current <= p.modifiedSince) {
    throw weave.precondition(304, current);
  }
  if (p.unmodifiedSince !== undefined && current > p.unmodifiedSince) {
    throw weave.precondition(412, current);
  }
}

/** §2.4: declared sizes beyond the limits are 400 17; a value that is no integer, 400 0. */
export function checkDeclaredSizes(
  request: Request,
  limits: Record<'maxPostRecords' | 'maxPostBytes' | 'maxTotalRecords' | 'maxTotalBytes', number>,
): void {
  const declared: Array<[string, number]> = [
    ['x-weave-records', limits.maxPostRecords],
    ['x-weave-bytes', limits.maxPostBytes],
    ['x-weave-total-records', limits.maxTotalRecords],
    ['x-weave-total-bytes', limits.maxTotalBytes],
  ];
  for (const [name, max] of declared) {
    const value = header(request, name);
    if (value === undefined) continue;
    if (!/^\d{1,15}$/.test(value)) throw weave.badRequest();
    if (Number(value) > max) throw weave.sizeLimit();
  }
}

/** The response type a GET may answer in, by Accept (§2.3); 406 when none fits. */
export function chooseFormat(accept: string | undefined): 'json' | 'newlines' {
  if (accept === undefined || accept.trim() === '') return 'json';
  const offers = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((o) => o.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of offers) {
    if (type === 'application/newlines') return 'newlines';
    if (['application/json', 'text/plain', 'application/*', '*/*'].includes(type)) return 'json';
  }
  throw weave.notAcceptable();
}
