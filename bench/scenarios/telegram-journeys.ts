import type { Core } from '../../core/core.ts';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';

/** What the bench knows of the seeded world: the demo mediations and the vote opened for the voters. */
export interface Fixture {
  mediations: { id: string; slug: string; questions: { id: string; requiredAnswer: boolean }[] }[];
  voteId: string;
}

export type JourneyKind = 'browse' | 'join' | 'vote';

/** One person of the bench: a Telegram user id (also their private chat's id) and what they came for. */
export interface BenchUser {
  userId: number;
  kind: JourneyKind;
  /** Which demo mediation(s) they look at or join. */
  pick: number;
}

/** What the core-only side remembers between one person's steps, as the conversation state would. */
export interface DirectSession {
  core: Core;
  user: BenchUser;
  personId: string;
  participantId: string;
}

/**
 * One thing a person does in the chat, told twice: as what Telegram delivers (a command, a text, a
 * button's callback data) and as the core commands and queries the flows run for it. Each update
 * starts with `identifyPerson`, as the conversation engine does.
 */
export interface Step {
  send: { command: string } | { text: string } | { press: string };
  direct(session: DirectSession): Promise<void>;
}

/** Every mix: two in five browse, two in five join, one in five votes. */
export function benchUsers(count: number, firstUserId: number): BenchUser[] {
  const kinds: JourneyKind[] = ['browse', 'join', 'browse', 'join', 'vote'];
  return Array.from({ length: count }, (_, i) => ({
    userId: firstUserId + i,
    kind: kinds[i % kinds.length] as JourneyKind,
    pick: Math.floor(i / kinds.length),
  }));
}

export function journeyOf(user: BenchUser, fixture: Fixture): Step[] {
  if (user.kind === 'browse') return browsing(user, fixture);
  if (user.kind === 'join') return joining(user, fixture);
  return voting(fixture.voteId);
}

async function identify(s: DirectSession): Promise<void> {
  const id = String(s.user.userId);
  const identified = await s.core.identifyPerson(systemActor('telegram'), {
    platform: 'TELEGRAM',
    externalId: id,
    chatId: id,
    languageCode: 'fr',
  });
  s.personId = unwrap(identified).personId;
}

const firstPage = (s: DirectSession) => s.core.query.openMediations({ page: 1, pageSize: 5, locale: 'fr' });

/** /start, a mediation's details, back to the list, /mediations, another mediation's details. */
function browsing(user: BenchUser, fixture: Fixture): Step[] {
  const count = fixture.mediations.length;
  const first = fixture.mediations[user.pick % count]?.id ?? '';
  const second = fixture.mediations[(user.pick + 2) % count]?.id ?? '';
  const list = async (s: DirectSession) => {
    await identify(s);
    await firstPage(s);
  };
  const details = (mediationId: string) => async (s: DirectSession) => {
    await identify(s);
    await s.core.query.mediationDetails({ mediationId });
  };
  return [
    { send: { command: '/start' }, direct: list },
    { send: { press: `browse:open:${first}` }, direct: details(first) },
    { send: { press: 'browse:page:1' }, direct: list },
    { send: { command: '/mediations' }, direct: list },
    { send: { press: `browse:open:${second}` }, direct: details(second) },
  ];
}

/**
 * The deep link, « Rejoindre », the three consents, the eligibility questions, the four free-text
 * answers, « J'ai terminé » at the evidence step and « Envoyer mon dossier » on the review.
 */
function joining(user: BenchUser, fixture: Fixture): Step[] {
  const mediation = fixture.mediations[user.pick % fixture.mediations.length];
  if (!mediation) throw new Error('no demo mediation');
  const mediationId = mediation.id;
  const details = (s: DirectSession) => s.core.query.mediationDetails({ mediationId });
  const myFiles = (s: DirectSession) => s.core.query.myFiles({ personId: s.personId });
  const consent = (key: string, last: boolean): Step => ({
    send: { press: `join:consent:${key}:yes` },
    async direct(s) {
      await identify(s);
      if (!last) return;
      const joined = await s.core.joinMediation(personActor(s.personId), {
        mediationId,
        consents: { terms: true, grouping: true, dataProcessing: true },
      });
      s.participantId = unwrap(joined).participantId;
      await details(s);
    },
  });
  const eligibility = mediation.questions.map(
    (question, index): Step => ({
      send: { press: `join:elig:${question.id}:${question.requiredAnswer ? 'yes' : 'no'}` },
      async direct(s) {
        await identify(s);
        await details(s);
        unwrap(
          await s.core.answerEligibility(personActor(s.personId), {
            participantId: s.participantId,
            answers: [{ questionId: question.id, answer: question.requiredAnswer }],
          }),
        );
        await details(s);
        await (index + 1 < mediation.questions.length ? details(s) : myFiles(s));
      },
    }),
  );
  const answer = (part: string, text: string): Step => ({
    send: { text },
    async direct(s) {
      await identify(s);
      unwrap(
        await s.core.describeComplaint(personActor(s.personId), {
          participantId: s.participantId,
          [part]: text,
        }),
      );
      await myFiles(s);
    },
  });
  return [
    {
      send: { command: `/start ${mediation.slug}` },
      async direct(s) {
        await identify(s);
        await s.core.query.mediationBySlug({ slug: mediation.slug });
      },
    },
    {
      send: { press: `join:start:${mediationId}` },
      async direct(s) {
        await identify(s);
        await details(s);
        await myFiles(s);
      },
    },
    consent('terms', false),
    consent('grouping', false),
    consent('dataProcessing', true),
    ...eligibility,
    answer('description', 'Des frais ajoutés à mon forfait sans mon accord depuis janvier.'),
    answer('amount', '1 234,56 €'),
    answer('problemDate', '15/01/2026'),
    answer('priorComplaintDate', '01/02/2026'),
    {
      send: { press: 'join:done' },
      async direct(s) {
        await identify(s);
        await myFiles(s);
      },
    },
    {
      send: { press: 'join:send' },
      async direct(s) {
        await identify(s);
        unwrap(await s.core.submitFile(personActor(s.personId), { participantId: s.participantId }));
      },
    },
  ];
}

/** /voter (the card), Accepter, then a change of mind to Refuser, then /voter again. */
function voting(voteId: string): Step[] {
  const card = async (s: DirectSession) => {
    await identify(s);
    await s.core.query.votesAwaiting({ personId: s.personId });
    await s.core.query.voteCard({ voteId });
    await s.core.query.myFiles({ personId: s.personId });
    await s.core.query.votesAwaiting({ personId: s.personId });
    await s.core.query.myBallot({ voteId, personId: s.personId });
  };
  const cast = (code: 'A' | 'R', choice: 'ACCEPT' | 'REFUSE'): Step => ({
    send: { press: `vote:cast:${voteId}:${code}` },
    async direct(s) {
      await identify(s);
      await s.core.query.myBallot({ voteId, personId: s.personId });
      unwrap(await s.core.castBallot(personActor(s.personId), { voteId, choice }));
      await s.core.query.voteCard({ voteId });
    },
  });
  return [
    { send: { command: '/voter' }, direct: card },
    cast('A', 'ACCEPT'),
    cast('R', 'REFUSE'),
    { send: { command: '/voter' }, direct: card },
  ];
}
