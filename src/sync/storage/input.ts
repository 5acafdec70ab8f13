// What clients send to storage, checked (sync.md §2.2–§2.4): bodies in
// JSON or application/newlines, each BSO against the field rules, and the
// per-request limits. Bodies reach here raw; hapi parses none of them, so
// every malformed one gets a weave code rather than a framework error.
import Joi from 'joi';
import type { BsoInput } from './store.js';
import { weave } from './weave.js';

export const COLLECTION = /^[a-zA-Z0-9._-]{1,32}$/;
export const BSO_ID = /^[ -~]{1,64}$/;
// §2.2: only in crypto, the all-zero IV a broken client once uploaded.
const KNOWN_BAD_CRYPTO = /IV":\s*"AAAAAAAAAAAAAAAAAAAAAA=="/;

const bsoSchema = Joi.object({
  id: Joi.string().pattern(BSO_ID).required(),
  payload: Joi.string().allow(''),
  sortindex: Joi.number().integer().min(-999_999_999).max(999_999_999).allow(null),
  ttl: Joi.number().integer().min(0).max(999_999_999).allow(null),
  // Accepted and ignored: the server decides both.
  modified: Joi.any(),
  collection: Joi.any(),
})
  .unknown(false)
  .options({ convert: false, abortEarly: true });

export interface Limits {
  maxPostBytes: number;
  maxPostRecords: number;
  maxRecordPayloadBytes: number;
}

/** The request body as a list of objects; any malformation refuses the whole request (400 8). */
export function parseBody(contentType: string, raw: Buffer | null): unknown[] {
  const text = raw === null ? '' : raw.toString('utf8');
  if (mediaType(contentType) === 'application/newlines') {
    if (text === '') return [];
    return text.replace(/\n$/, '').split('\n').map(parse);
  }
  const list = parse(text);
  if (!Array.isArray(list)) throw weave.invalidBso();
  return list;
}

/** One JSON value; malformed JSON is an invalid BSO (§2.4: 8, not 6). */
export function parse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw weave.invalidBso();
  }
}

export const mediaType = (contentType: string): string =>
  (contentType.split(';')[0] ?? '').trim().toLowerCase();

function toInput(value: Record<string, unknown>): BsoInput {
  const bso: BsoInput = { id: value.id as string };
  if (typeof value.payload === 'string') bso.payload = value.payload;
  if (typeof value.sortindex === 'number') bso.sortindex = value.sortindex;
  if (typeof value.ttl === 'number') bso.ttl = value.ttl;
  return bso;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkCrypto(collection: string, bso: BsoInput): void {
  if (collection === 'crypto' && bso.payload !== undefined && KNOWN_BAD_CRYPTO.test(bso.payload)) {
    throw weave.invalidBso();
  }
}

/** PUT: one object, with the path's id; any fault is the request's (400 8, or 400 17 for size). */
export function checkPut(collection: string, id: string, body: unknown, limits: Limits): BsoInput {
  if (!isObject(body)) throw weave.invalidBso();
  if (body.id !== undefined && body.id !== id) throw weave.invalidBso();
  const { error } = bsoSchema.validate({ ...body, id });
  if (error) throw weave.invalidBso();
  const bso = toInput({ ...body, id });
  if (bso.payload !== undefined && byteLength(bso.payload) > limits.maxRecordPayloadBytes) {
    throw weave.sizeLimit();
  }
  checkCrypto(collection, bso);
  return bso;
}

export interface CheckedPost {
  valid: BsoInput[];
  /** id -> reason, as the response's `failed` shows it. */
  failed: Map<string, string>;
}

/**
 * POST: a list of objects. A list that is malformed (no id, a duplicate id,
 * not objects) refuses the request; a BSO that breaks a field rule or a
 * limit fails alone and the rest are written.
 */
export function checkPost(collection: string, items: unknown[], limits: Limits): CheckedPost {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isObject(item) || item.id === undefined || item.id === null) throw weave.invalidBso();
    const key = idKey(item.id);
    if (seen.has(key)) throw weave.invalidBso();
    seen.add(key);
  }
  const valid: BsoInput[] = [];
  const failed = new Map<string, string>();
  let postBytes = 0;
  items.forEach((item, index) => {
    const value = item as Record<string, unknown>;
    const id = idKey(value.id);
    if (index >= limits.maxPostRecords) return void failed.set(id, 'retry bso');
    const { error } = bsoSchema.validate(value);
    if (error) return void failed.set(id, reasonOf(error));
    const bso = toInput(value);
    const size = bso.payload === undefined ? 0 : byteLength(bso.payload);
    if (size > limits.maxRecordPayloadBytes || postBytes + size > limits.maxPostBytes) {
      return void failed.set(id, 'retry bytes');
    }
    checkCrypto(collection, bso);
    postBytes += size;
    valid.push(bso);
  });
  return { valid, failed };
}

function reasonOf(error: Joi.ValidationError): string {
  const detail = error.details[0];
  if (detail?.type === 'object.unknown') return `unknown field ${detail.context?.key ?? ''}`;
  return `invalid ${detail?.path.join('.') ?? 'bso'}`;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** How `failed` names an item whose id may not even be a string. */
const idKey = (id: unknown): string => (typeof id === 'string' ? id : JSON.stringify(id));
