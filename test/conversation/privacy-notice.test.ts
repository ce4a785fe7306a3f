import { describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import type { Reply } from '../../bots/conversation/types.ts';
import { configSchema } from '../../core/config/config.ts';
import { createCore } from '../../core/core.ts';
import { privacyFromConfig } from '../../core/deps.ts';
import { t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

/** `/confidentialite` asked on a service configured with `env`, in a language. */
async function noticeFor(env: Record<string, string>, languageCode: 'fr' | 'en', userId: string) {
  const privacy = privacyFromConfig(configSchema.parse(env));
  const conversation = createConversation(createCore({ ...t.core.deps, privacy }), consumerFlows);
  const replies: Reply[] = await conversation.handle({
    platform: 'CONSOLE',
    userId,
    chatId: userId,
    languageCode,
    event: { type: 'command', name: 'confidentialite', args: '' },
  });
  return replies.map((reply) => reply.text);
}

const configured = {
  PRIVACY_CONTROLLER: 'Association Trêve, 12 rue de la Paix, 75002 Paris',
  PRIVACY_CONTACT: 'dpo@treve.example',
  RETENTION_MONTHS: '18',
};

describe('the privacy notice (/confidentialite)', () => {
  it('names the configured controller and contact, the periods enforced, the rights and the CNIL, in French', async () => {
    const notice = await noticeFor(configured, 'fr', 'privacy-fr');
    // Three messages, each short enough for a chat.
    expect(notice).toHaveLength(3);
    for (const part of notice) expect(part.length).toBeLessThan(2000);
    const [who, whoSees, rights] = notice;
    expect(who).toContain(
      'Responsable du traitement\u00a0: Association Trêve, 12 rue de la Paix, 75002 Paris.',
    );
    expect(who).toContain('Pour le joindre\u00a0: dpo@treve.example.');
    expect(whoSees).toContain('Les médiateurs voient votre dossier complet');
    expect(whoSees).toContain('L’entreprise ne reçoit que des réclamations sans nom');
    expect(whoSees).toContain('puis 18\u00a0mois après sa clôture');
    expect(whoSees).toContain('au bout de 30\u00a0jours');
    expect(rights).toContain('/mesdonnees');
    expect(rights).toContain('/supprimer');
    expect(rights).toContain('vous opposer à leur traitement');
    expect(rights).toContain('ou à dpo@treve.example');
    expect(rights).toContain('réclamation à la CNIL\u00a0: https://www.cnil.fr/fr/plaintes');
    expect(notice.join('\n')).not.toContain('exemple');
  });

  it('says the same in English', async () => {
    const [who, whoSees, rights] = await noticeFor(configured, 'en', 'privacy-en');
    expect(who).toContain('Data controller: Association Trêve, 12 rue de la Paix, 75002 Paris.');
    expect(whoSees).toContain('then 18 months after it closes');
    expect(whoSees).toContain('The company only receives claims without a name');
    expect(rights).toContain('object to its processing');
    expect(rights).toContain('https://www.cnil.fr/fr/plaintes');
  });

  it('says its names are examples when none is configured, with the default 12 months', async () => {
    const [who, whoSees] = await noticeFor({}, 'fr', 'privacy-default');
    expect(who).toContain(text('fr', 'account:privacy.exampleController'));
    expect(who).toContain('nom donné en exemple');
    expect(who).toContain('dpo@exemple.org (adresse donnée en exemple)');
    expect(whoSees).toContain('puis 12\u00a0mois après sa clôture');
    const [, english] = await noticeFor({ RETENTION_MONTHS: '1' }, 'en', 'privacy-one');
    expect(english).toContain('then 1 month after it closes');
  });

  it('agrees with the consent a person gives when joining', () => {
    expect(text('fr', 'participants:consent.grouping')).toContain('sans mon nom');
    expect(text('fr', 'participants:consent.dataProcessing')).toContain('les médiateurs voient mon dossier');
    expect(text('fr', 'participants:consent.dataProcessing')).toContain('/confidentialite');
    expect(text('en', 'participants:consent.dataProcessing')).toContain('the mediators see my file');
  });
});
