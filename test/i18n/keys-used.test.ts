import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../core/i18n/index.ts';
import { isMessages, readLocaleFiles } from '../../core/i18n/resources.ts';
import { splitKey } from '../../core/i18n/translator.ts';
import { flattenMessages } from './flatten.ts';

const coreDir = fileURLToPath(new URL('../../core/', import.meta.url));

/**
 * The i18n keys the core names literally: `refuse(CODE, 'ns:key'`, `messageKey: 'ns:key'` and
 * `textKey: 'ns:key'`. Keys built at run time (template strings) cannot be checked here.
 */
const keyPatterns = [
  /\brefuse\(\s*'[A-Z_]+'\s*,\s*['"]([^'"]+)['"]/g,
  /\bmessageKey:\s*['"]([^'"]+)['"]/g,
  /\btextKey:\s*['"]([^'"]+)['"]/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function keysUsedInCore(): { key: string; where: string }[] {
  return sourceFiles(coreDir).flatMap((path) => {
    const source = readFileSync(path, 'utf8');
    return keyPatterns.flatMap((pattern) =>
      [...source.matchAll(pattern)].map((match) => ({
        key: match[1] as string,
        where: `core/${relative(coreDir, path)}`,
      })),
    );
  });
}

describe('every text the core refers to', () => {
  const used = keysUsedInCore();

  it('is found in the sources (the generic errors at least)', () => {
    // Guards the patterns: if they stopped matching, the next test would pass on nothing.
    expect(used.map((use) => use.key)).toContain('errors:internal');
  });

  it('exists in French and in English', () => {
    const translator = createTranslator();
    const missing = used.flatMap(({ key, where }) =>
      (['fr', 'en'] as const)
        .filter((locale) => !key.includes(':') || !translator.hasText(locale, key))
        .map(
          (locale) => `${key} (${where}) has no ${locale} text${key.includes(':') ? '' : ' — no namespace'}`,
        ),
    );
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('every text a locale file nests with $t(…)', () => {
  it('exists in the same language (for `$t(common:mediationStatus.{{status}})`, the group does)', () => {
    const files = readLocaleFiles();
    const translator = createTranslator({ files });
    const missing: string[] = [];
    for (const locale of ['fr', 'en'] as const) {
      for (const [ns, messages] of Object.entries(files[locale])) {
        for (const [key, text] of flattenMessages(messages).texts) {
          for (const [, nested] of text.matchAll(/\$t\(([^,)]+)/g)) {
            const reference = (nested as string).trim();
            const [group] = reference.split('{{');
            const found = reference.includes('{{')
              ? isGroup(files[locale], (group as string).replace(/\.$/, ''))
              : translator.hasText(locale, reference);
            if (!found) missing.push(`${locale}/${ns}.json ${key}: $t(${reference}) not found`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

function isGroup(namespaces: Record<string, unknown>, reference: string): boolean {
  const [ns, path] = splitKey(reference);
  let node: unknown = namespaces[ns];
  for (const part of path.split('.')) node = isMessages(node) ? node[part] : undefined;
  return isMessages(node);
}
