import { beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();
const site = () =>
  createSite({ core: t.core, logger: createLogger('silent'), telegramBot: 'CessezLeFeuBot' });

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
});

describe('the public web site', () => {
  it('sends a visitor to the catalogue in their language, French first', async () => {
    const english = await site().request('/', { headers: { 'Accept-Language': 'en-GB,en;q=0.8' } });
    expect(english.status).toBe(303);
    expect(english.headers.get('location')).toBe('/en/');
    expect((await site().request('/')).headers.get('location')).toBe('/fr/');
  });

  it('lists the public mediations with their rule, deadlines and how to join', async () => {
    const page = await site().request('/fr/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="fr">')).toBe(true);
    expect(html).toContain('Frais supplémentaires avec RED by SFR');
    expect(html).toContain('https://t.me/CessezLeFeuBot?start=red-by-sfr');
    expect(html).toContain('75\u00a0%');
    const english = await (await site().request('/en/')).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Open for registration');
  });

  it('shows a mediation’s page, and no page at all for a private one (404, like a wrong link)', async () => {
    expect((await site().request('/fr/mediations/red-by-sfr')).status).toBe(200);
    await t.db.prisma.mediation.update({
      where: { slug: 'red-by-sfr' },
      data: { newsPublicSince: null, newsPublicAgreement: null },
    });
    const hidden = await site().request('/fr/mediations/red-by-sfr');
    const wrong = await site().request('/fr/mediations/no-such-thing');
    expect(hidden.status).toBe(404);
    // The same page as for a wrong link, but for the path it repeats.
    expect((await hidden.text()).replaceAll('red-by-sfr', 'x')).toBe(
      (await wrong.text()).replaceAll('no-such-thing', 'x'),
    );
    expect(await (await site().request('/fr/')).text()).not.toContain('red-by-sfr');
    expect((await site().request('/qr/red-by-sfr.svg')).status).toBe(404);
    await t.db.prisma.mediation.update({
      where: { slug: 'red-by-sfr' },
      data: { newsPublicSince: t.clock.now(), newsPublicAgreement: 'demo' },
    });
  });

  it('draws the Telegram link as a QR code', async () => {
    const qr = await site().request('/qr/kuvera.svg');
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toContain('<svg');
  });

  it('sends its security headers with every page, the 404 included', async () => {
    for (const path of ['/fr/', '/en/mediations/kuvera', '/fr/nothing/here']) {
      const response = await site().request(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('script-src');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
