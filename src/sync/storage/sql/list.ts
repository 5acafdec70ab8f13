// GET /storage/{c}: filters, order and paging (sync.md §2.3) as one SELECT.
//
// Pages of the time-ordered sorts continue from a key, the last item's
// (modified, id), rather than a row count: an item rewritten while a client
// pages moves to a later timestamp, and with a count every item behind it
// would shift by one and one of them would never be served. The key is
// handed out as "<ms>:<base64url id>". The index sort pages by count, as
// does a plain number handed in as an offset.
import type { Param, Row } from '../../../db/sql/driver.js';
import type { Bso, BsoPage, BsoQuery } from '../store.js';

const ORDER = {
  newest: 'ORDER BY modified_ms DESC, id DESC',
  oldest: 'ORDER BY modified_ms ASC, id ASC',
  index: 'ORDER BY sortindex DESC, id DESC',
} as const;

type Offset = { skip: number } | { ms: number; id: string };

function parseOffset(query: BsoQuery): Offset {
  const text = query.offset;
  if (text === undefined || text === '') return { skip: 0 };
  if (/^\d{1,9}$/.test(text)) return { skip: Number(text) };
  const key = /^(\d{1,15}):([A-Za-z0-9_-]{1,90})$/.exec(text);
  if (key && query.sort !== 'index') {
    const id = Buffer.from(key[2]!, 'base64url').toString('latin1');
    return { ms: Number(key[1]), id };
  }
  throw new RangeError('not an offset of this query');
}

/** What a listing selects: ids, whole BSOs, or payload sizes (to size a page first). */
export type Columns = 'ids' | 'full' | 'sizes';

const COLUMNS: Record<Columns, string> = {
  ids: 'id, modified_ms',
  full: 'id, modified_ms, payload, sortindex',
  sizes: 'payload_size',
};

export function listStatement(
  uid: number,
  collectionId: number,
  query: BsoQuery,
  now: number,
  select: Columns = query.full ? 'full' : 'ids',
): { sql: string; params: Param[]; offset: Offset } {
  const offset = parseOffset(query);
  const where = ['uid = ?', 'collection_id = ?', 'expiry_ms > ?'];
  const params: Param[] = [uid, collectionId, now];
  if (query.ids !== undefined) {
    // An empty list matches nothing, which IN () cannot say.
    where.push(query.ids.length === 0 ? '1 = 0' : `id IN (${query.ids.map(() => '?').join(', ')})`);
    params.push(...query.ids);
  }
  if (query.newer !== undefined) {
    where.push('modified_ms > ?');
    params.push(query.newer);
  }
  if (query.older !== undefined) {
    where.push('modified_ms < ?');
    params.push(query.older);
  }
  if ('ms' in offset) {
    const cmp = query.sort === 'oldest' ? '>' : '<';
    where.push(`(modified_ms ${cmp} ? OR (modified_ms = ? AND id ${cmp} ?))`);
    params.push(offset.ms, offset.ms, offset.id);
  }
  let sql = `SELECT ${COLUMNS[select]} FROM sync_bso WHERE ${where.join(' AND ')} ${ORDER[query.sort]} LIMIT ?`;
  params.push(query.limit + 1);
  if ('skip' in offset && offset.skip > 0) {
    sql += ' OFFSET ?';
    params.push(offset.skip);
  }
  return { sql, params, offset };
}

export function toBso(row: Row): Bso {
  const bso: Bso = {
    id: String(row.id),
    modified: Number(row.modified_ms),
    payload: typeof row.payload === 'string' ? row.payload : '',
  };
  if (row.sortindex !== null && row.sortindex !== undefined) bso.sortindex = Number(row.sortindex);
  return bso;
}

/**
 * How many of the rows a page would hold fit in `maxBytes` of payloads (at
 * least one, so a page always moves on), given their sizes in page order.
 */
export function rowsWithin(sizes: Row[], limit: number, maxBytes: number): number {
  let bytes = 0;
  let rows = 0;
  for (const row of sizes.slice(0, limit)) {
    bytes += Number(row.payload_size);
    if (rows > 0 && bytes > maxBytes) break;
    rows++;
  }
  return rows;
}

/** Drops the extra row fetched to learn whether more follow, and says where they start. */
export function toPage(rows: Row[], query: BsoQuery, offset: Offset): BsoPage {
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(toBso);
  if (!more) return { items };
  const last = items[items.length - 1];
  if ('skip' in offset && (query.sort === 'index' || offset.skip > 0 || last === undefined)) {
    return { items, nextOffset: String(offset.skip + items.length) };
  }
  if (last === undefined) return { items, nextOffset: query.offset ?? '0' };
  const id = Buffer.from(last.id, 'latin1').toString('base64url');
  return { items, nextOffset: `${last.modified}:${id}` };
}
