// The human half of a 429: "retry in 15 minutes", in the reader's language.
// The number is rounded up and given in the largest unit that keeps it
// readable, so a client is never told to come back before its block ends.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86_400],
];

/** Counts below these move up to the next unit: 90 s is "2 minutes", 60 minutes "1 hour". */
const LIMITS: Partial<Record<Intl.RelativeTimeFormatUnit, number>> = {
  second: 60,
  minute: 60,
  hour: 24,
};

/** E.g. `in 15 minutes` for 900 s, `dans 2 heures` for 7200 s and `fr`. */
export function retryAfterLocalized(seconds: number, acceptLanguage: string | undefined): string {
  const format = new Intl.RelativeTimeFormat(bestLocale(acceptLanguage), { numeric: 'always' });
  const total = Math.max(0, Math.ceil(seconds));
  for (const [unit, size] of UNITS) {
    const count = Math.ceil(total / size);
    const limit = LIMITS[unit];
    if (limit === undefined || count < limit) return format.format(count, unit);
  }
  return format.format(Math.ceil(total / 86_400), 'day');
}

/** The first language of the header, by quality, that Intl can format; else English. */
function bestLocale(header: string | undefined): string {
  const ranges = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), quality: Number.isNaN(quality) ? 0 : quality, order };
    })
    .filter((r) => r.tag !== '' && r.tag !== '*' && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranges) {
    try {
      const [supported] = Intl.RelativeTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag is skipped like an unsupported one.
    }
  }
  return 'en';
}
