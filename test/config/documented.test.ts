import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/config.ts';

const root = new URL('../../', import.meta.url);
const variables = Object.keys(configSchema.shape);

// The README's table and `.env.example` are how an operator learns the settings: a variable added to
// the schema without them is a setting nobody can find.
describe('every configuration variable', () => {
  it('has a row in the README table', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(variables.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it('is listed in .env.example', () => {
    const example = readFileSync(new URL('.env.example', root), 'utf8');
    expect(variables.filter((name) => !new RegExp(`^${name}=`, 'm').test(example))).toEqual([]);
  });
});
