import { describe, expect, it } from 'vitest';
import { type LocaleFiles, readLocaleFiles } from '../../core/i18n/resources.ts';
import { findParityProblems } from './parity-check.ts';

describe('French and English say the same things', () => {
  const files = readLocaleFiles();

  it('reads every namespace file, including the ones other areas add', () => {
    expect(Object.keys(files.fr)).toEqual(expect.arrayContaining(['common', 'errors']));
  });

  it('has the same files, keys, plural forms and {{variables}} in both languages', () => {
    expect(findParityProblems(files)).toEqual([]);
  });
});

describe('the parity check itself', () => {
  const fixture: LocaleFiles = {
    fr: {
      votes: {
        same: 'Vote ouvert jusqu’au {{when}}',
        onlyFr: 'Seulement en français',
        lostVariable: 'Bonjour {{name}}',
        ballots_one: 'Un bulletin',
        ballots_other: '{{count}} bulletins',
        ballots_many: '{{count}} de bulletins',
        notPlural: 'Un texte',
        oneForm_other: '{{count}} offres',
        nested: { deep: 'Profond {{x}}' },
        broken: 3,
      },
      onlyInFrench: { hello: 'Bonjour' },
    },
    en: {
      votes: {
        same: 'Vote open until {{when}}',
        lostVariable: 'Hello',
        ballots_one: '{{count}} ballot',
        ballots_other: '{{count}} ballots',
        notPlural_one: 'One text',
        notPlural_other: 'Texts',
        oneForm_one: 'One offer',
        oneForm_other: '{{count}} offers',
        nested: { deep: 'Deep {{y}}' },
        broken: 'fixed in English',
      },
    },
  };

  it('names each key, form, variable and file present in one language only', () => {
    expect(findParityProblems(fixture).sort()).toEqual(
      [
        'onlyInFrench.json exists in fr only',
        'fr/votes.json: broken is not a text',
        'votes:broken exists in en only',
        'votes:onlyFr exists in fr only',
        'votes:lostVariable: {{name}} exists in fr only',
        'votes:notPlural (not plural) exists in fr only',
        'votes:notPlural_one exists in en only',
        'votes:notPlural_other exists in en only',
        'votes:oneForm_one exists in en only',
        'votes:nested.deep: {{x}} exists in fr only',
        'votes:nested.deep: {{y}} exists in en only',
      ].sort(),
    );
  });

  it('accepts the French-only `many` form and a "one" form written without {{count}}', () => {
    const problems = findParityProblems(fixture).join('\n');
    expect(problems).not.toContain('ballots');
  });
});
