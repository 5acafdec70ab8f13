// How the pages are served: the shell at every page path with a strict
// CSP and no caching, the hashed assets cached for good, no HSTS on an
// http server, and a page that, once rendered, has asked nothing of any
// origin but ours.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAGES } from '../../src/routes/web.js';
import { heading, noChromium, useStage } from './chromium.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

describe('the web pages', { skip: noChromium }, () => {
  const stage = useStage();

  it('serve the shell at every page path, uncached, under a strict CSP', async () => {
    const { origin } = stage().server;
    const slashed = PAGES.filter((p) => p !== '/').map((p) => `${p}/`);
    for (const path of [...PAGES, ...slashed]) {
      const res = await fetch(`${origin}${path}?context=oauth_webchannel_v1`);
      const html = await res.text();
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.equal(res.headers.get('content-security-policy'), CSP, path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over http');
      // Nothing inline: the CSP would block it, and the shell needs none.
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/);
      assert.doesNotMatch(html, /<style|style=/);
    }
  });

  it('serve hashed assets for a year, and nothing but hashed assets', async () => {
    const { origin } = stage().server;
    const html = await (await fetch(`${origin}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/app-[A-Z0-9]+\.(?:js|css))"/g)].map(
      (m) => m[1] ?? '',
    );
    assert.equal(assets.length, 2, 'one script and one stylesheet');
    for (const path of assets) {
      const res = await fetch(`${origin}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(
        res.headers.get('content-type') ?? '',
        path.endsWith('.js') ? /javascript/ : /css/,
      );
      await res.body?.cancel();
    }
    for (const path of ['/assets/index.html', '/assets/..%2Findex.html', '/assets/nope.js']) {
      const res = await fetch(`${origin}${path}`);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  });

  it('keep the version document at /__version__', async () => {
    const res = await fetch(`${stage().server.origin}/__version__`);
    const body = (await res.json()) as { version?: string };
    assert.equal(typeof body.version, 'string');
  });

  it('render the sign-in page from our origin alone, with nothing the CSP refuses', async () => {
    const { page, requests } = await stage().open();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${stage().server.origin}/`);
    await heading(page, 'Enter your email');
    assert.deepEqual(problems, []);
    assert.ok(await page.getByLabel('Email').isVisible());
    const origin = stage().server.origin;
    assert.ok(
      requests.length >= 3,
      `the page, its script and its stylesheet: ${requests.join(' ')}`,
    );
    for (const url of requests) assert.equal(new URL(url).origin, origin, url);
  });

  it('fit a 320 px screen, in light and dark', async () => {
    const { page } = await stage().open();
    await page.setViewportSize({ width: 320, height: 640 });
    const backgrounds: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${stage().server.origin}/`);
      await heading(page, 'Enter your email');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `no sideways scrolling (${width} px)`);
      const box = await page.getByLabel('Email').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 320, 'the field fits');
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    }
    assert.notEqual(backgrounds[0], backgrounds[1], 'dark mode changes the colours');
  });

  it('send the mailed links to the pages on the same origin', async () => {
    const { origin } = stage().server;
    const res = await fetch(`${origin}/v1/verify_email?uid=00&code=11`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${origin}/verify_email?uid=00&code=11`);
  });

  it('show the page for a path typed with a trailing slash', async () => {
    const { page } = await stage().open({ path: '/reset_password/?email=a%40example.com' });
    await heading(page, 'Reset your password');
    assert.equal(await page.getByLabel('Email').inputValue(), 'a@example.com');
  });
});
