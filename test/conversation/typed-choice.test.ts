import { describe, expect, it } from 'vitest';
import { choiceTyped, comparable } from '../../bots/conversation/typed-choice.ts';

const consent = [
  { id: 'join:consent:a:yes', label: 'Oui, j’accepte' },
  { id: 'join:consent:a:no', label: 'Non' },
];
const done = [{ id: 'join:done', label: 'J’ai terminé' }];
const ballot = [
  { id: 'A', label: 'Accepter' },
  { id: 'R', label: 'Refuser' },
  { id: 'X', label: 'M’abstenir' },
];

describe('a choice typed in words', () => {
  it('matches the label in any case, with or without accents, apostrophe kind, quotes or final punctuation', () => {
    expect(choiceTyped("j'ai termine", done)?.id).toBe('join:done');
    expect(choiceTyped('J’AI TERMINÉ !', done)?.id).toBe('join:done');
    expect(choiceTyped('« J’ai terminé ».', done)?.id).toBe('join:done');
    expect(choiceTyped("m'abstenir", ballot)?.id).toBe('X');
    expect(choiceTyped('refuser...', ballot)?.id).toBe('R');
    expect(choiceTyped('oui, j’accepte', consent)?.id).toBe('join:consent:a:yes');
    expect(choiceTyped('I haven’t written yet', [{ id: 'w', label: 'I have not written yet' }])?.id).toBe(
      'w',
    );
  });

  it('takes a bare yes or no, or a first word, for the one choice that starts with it', () => {
    const details = [
      { id: 'join', label: 'Rejoindre cette médiation' },
      { id: 'list', label: 'Voir les autres médiations' },
    ];
    expect(choiceTyped('rejoindre', details)?.id).toBe('join');
    expect(choiceTyped('Voir', details)?.id).toBe('list');
    expect(choiceTyped('rejoindre la', details)).toBeUndefined();
    expect(choiceTyped('oui', consent)?.id).toBe('join:consent:a:yes');
    expect(choiceTyped('Oui.', consent)?.id).toBe('join:consent:a:yes');
    expect(choiceTyped('non', consent)?.id).toBe('join:consent:a:no');
    expect(choiceTyped('yes', [{ id: 'y', label: 'Yes, I agree' }])?.id).toBe('y');
  });

  it('picks nothing for other words, an empty line, a part of a label or two equal labels', () => {
    expect(choiceTyped('peut-être', consent)).toBeUndefined();
    expect(choiceTyped('   ', done)).toBeUndefined();
    expect(choiceTyped('terminé', done)).toBeUndefined();
    expect(choiceTyped('accept', ballot)).toBeUndefined();
    expect(choiceTyped('oui', [...consent, { id: 'other', label: 'Oui' }])?.id).toBe('other');
    expect(
      choiceTyped('non', [
        { id: 'a', label: 'Non' },
        { id: 'b', label: 'non' },
      ]),
    ).toBeUndefined();
    expect(comparable('  Éé\u00a0  ÀÇ ?')).toBe('ee ac');
  });
});
