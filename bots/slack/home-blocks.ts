import type { types } from '@slack/bolt';
import { DAY } from '../../core/clock/clock.ts';
import type { Core } from '../../core/core.ts';
import { formatDateTime, formatMoney, type Locale, t } from '../../core/i18n/index.ts';
import { shortId } from '../../core/references/short-id.ts';
import { type Block, button, context, cutText, plainText, SECTION_TEXT_LIMIT } from './blocks.ts';

/** A Home tab takes at most 100 blocks (a message 50). */
export const HOME_BLOCK_LIMIT = 100;
/** At most this many blocks for the actions due, so the list of mediations always has room. */
const DUE_BLOCK_SHARE = 45;
/** Deadlines this close are "approaching" (files and votes are always shown, whatever their date). */
export const DUE_HORIZON_MS = 21 * DAY;
/** Files listed one by one with their buttons: no more than the dashboard can show. */
export const FILES_SHOWN_AT_MOST = DUE_BLOCK_SHARE / 2;

/** The App Home's buttons: `home:<what>`, their value an id (checked again when pressed). */
export const HOME_ACTION_PREFIX = 'home:';
export const homeAction = (what: HomeButton) => `${HOME_ACTION_PREFIX}${what}`;
export type HomeButton =
  | 'new-mediation'
  | 'annual-report'
  | 'refresh'
  | 'admit'
  | 'reject'
  | 'vote-card'
  | 'extend-vote'
  | 'close-vote'
  | 'extend-mediation'
  | 'close-registration'
  | 'record-offer'
  | 'open-vote'
  | 'edit'
  | 'broadcast'
  | 'evidence'
  | 'mark-payout-sent';

type Overview = Awaited<ReturnType<Core['query']['mediationsOverview']>>[number];
type WaitingFile = Awaited<ReturnType<Core['query']['filesAwaitingDecision']>>[number];
type PayoutToFollow = Awaited<ReturnType<Core['query']['payoutsToFollow']>>[number];

export interface HomeData {
  now: Date;
  overview: Overview[];
  /** The files awaiting a decision, nearest limit first (maybe not all of them). */
  files: WaitingFile[];
  /** Payouts with a reported problem, or sent a week ago and not confirmed. */
  payouts: PayoutToFollow[];
}

interface DueItem {
  at: Date;
  text: string;
  buttons: types.Button[];
}

/**
 * The mediators' dashboard (product.md §6): what is due next, most urgent first, each with the buttons
 * of its action, then every mediation with its counts and deadlines. Within Slack's 100 blocks: what
 * does not fit is counted in a line that says so. Turnout only for a running vote, never a choice.
 */
export function homeView(locale: Locale, data: HomeData): types.HomeView {
  const say = (key: string, params?: Record<string, unknown>) => t(locale, key, params as never);
  const top: Block[] = [
    { type: 'header', text: plainText(say('slack:home.title')) },
    {
      type: 'actions',
      elements: [
        homeButton(say('slack:home.newMediation'), 'new-mediation', 'new', 'primary'),
        homeButton(say('slack:home.annualReport'), 'annual-report', 'report'),
        homeButton(say('slack:home.refresh'), 'refresh', 'refresh'),
      ],
    },
    context(say('slack:home.updated', { at: formatDateTime(data.now, locale) })),
    { type: 'divider' },
  ];
  const due = dueItems(locale, data);
  const dueTotal = due.length + hiddenFiles(data);
  // Reserved: the two headings, the two « N more » lines, the divider between the parts.
  const room = HOME_BLOCK_LIMIT - top.length - 5;
  const dueBlocks = fitInRoom(due.map(itemBlocks), Math.min(DUE_BLOCK_SHARE, room));
  const cards = data.overview.map((mediation) => mediationBlocks(locale, mediation));
  const cardBlocks = fitInRoom(cards, room - dueBlocks.blocks.length);
  const dueMore = dueTotal - dueBlocks.shown;
  const cardsMore = cards.length - cardBlocks.shown;
  const blocks: Block[] = [
    ...top,
    { type: 'header', text: plainText(say('slack:home.dueHeading')) },
    ...(dueTotal === 0 ? [context(say('slack:home.nothingDue'))] : dueBlocks.blocks),
    ...(dueMore > 0 ? [context(say('slack:home.dueMore', { count: dueMore }))] : []),
    { type: 'divider' },
    { type: 'header', text: plainText(say('slack:home.mediationsHeading', { count: cards.length })) },
    ...(cards.length === 0 ? [context(say('slack:home.noMediation'))] : cardBlocks.blocks),
    ...(cardsMore > 0 ? [context(say('slack:home.mediationsMore', { count: cardsMore }))] : []),
  ];
  return { type: 'home', blocks };
}

/** Someone who is not a mediator: a polite word, and nothing about any mediation. */
export function outsiderHomeView(locale: Locale): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plainText(t(locale, 'slack:home.outsiderTitle')) },
      { type: 'section', text: plainText(t(locale, 'slack:home.outsider')) },
    ],
  };
}

/** As many groups of blocks as fit in `room`, in order. */
function fitInRoom(groups: Block[][], room: number): { blocks: Block[]; shown: number } {
  const blocks: Block[] = [];
  let shown = 0;
  for (const group of groups) {
    if (blocks.length + group.length > room) break;
    blocks.push(...group);
    shown++;
  }
  return { blocks, shown };
}

function itemBlocks(item: DueItem): Block[] {
  const section = { type: 'section' as const, text: plainText(cutText(item.text, SECTION_TEXT_LIMIT)) };
  return item.buttons.length > 0 ? [section, { type: 'actions', elements: item.buttons }] : [section];
}

/** Files waiting beyond those the query returned: counted, not listed. */
function hiddenFiles(data: HomeData): number {
  const waiting = data.overview.reduce((sum, m) => sum + (m.closedAt ? 0 : m.participants.submitted), 0);
  return Math.max(0, waiting - data.files.length);
}

function dueItems(locale: Locale, data: HomeData): DueItem[] {
  const say = (key: string, params?: Record<string, unknown>) => t(locale, key, params as never);
  const when = (at: Date) => formatDateTime(at, locale);
  const titleOf = (m: { titleFr: string; titleEn: string }) => (locale === 'en' ? m.titleEn : m.titleFr);
  const items: DueItem[] = data.files.map((file) => {
    const at = file.decisionDueAt ?? data.now;
    const late = at < data.now ? say('slack:home.late') : '';
    const id = shortId(file.participantId);
    return {
      at,
      text: `${say('slack:home.due.file', { id, title: titleOf(file), at: when(at) })}${late}`,
      buttons: [
        confirmed(
          locale,
          homeButton(say('slack:home.admit'), 'admit', file.participantId, 'primary'),
          'admit',
        ),
        homeButton(say('slack:home.reject'), 'reject', file.participantId, 'danger'),
        ...(file.evidence > 0
          ? [homeButton(say('slack:home.evidence', { count: file.evidence }), 'evidence', file.participantId)]
          : []),
      ],
    };
  });
  for (const payout of data.payouts) {
    const params = {
      payout: shortId(payout.payoutId),
      amount: formatMoney(payout.amountCents, locale),
      title: titleOf(payout),
    };
    if (payout.status === 'PROBLEM') {
      const at = payout.problemAt ?? data.now;
      const resend = homeButton(say('slack:home.markPayoutSent'), 'mark-payout-sent', payout.payoutId);
      items.push({
        at,
        text: say('slack:home.due.payoutProblem', { ...params, at: when(at) }),
        buttons: [confirmed(locale, resend, 'markPayoutSent')],
      });
    } else {
      const at = payout.sentAt ?? data.now;
      items.push({
        at,
        text: say('slack:home.due.payoutUnconfirmed', { ...params, at: when(at) }),
        buttons: [],
      });
    }
  }
  const soon = (at: Date) => at.getTime() - data.now.getTime() <= DUE_HORIZON_MS;
  for (const m of data.overview) {
    const title = locale === 'en' ? m.title.en : m.title.fr;
    for (const due of m.due) {
      const params = { title, at: when(due.at) };
      if (due.kind === 'voteCloses' && m.runningVote) {
        const vote = m.runningVote;
        items.push({
          at: due.at,
          text: say('slack:home.due.vote', { ...params, voted: vote.voted, electorate: vote.electorate }),
          buttons: [
            homeButton(say('slack:home.voteCard'), 'vote-card', vote.voteId),
            homeButton(say('slack:home.extendVote'), 'extend-vote', m.id),
            confirmed(
              locale,
              homeButton(say('slack:home.closeVote'), 'close-vote', m.id, 'danger'),
              'closeVote',
            ),
          ],
        });
      } else if (due.kind === 'mediationEnds' && soon(due.at)) {
        items.push({
          at: due.at,
          text: say('slack:home.due.mediationEnds', params),
          buttons: [homeButton(say('slack:home.extendMediation'), 'extend-mediation', m.id)],
        });
      } else if (due.kind === 'companyAnswer' && soon(due.at)) {
        items.push({
          at: due.at,
          text: say('slack:home.due.companyAnswer', { ...params, company: m.company }),
          buttons: [homeButton(say('slack:home.recordOffer'), 'record-offer', m.id)],
        });
      } else if (due.kind === 'registrationCloses' && soon(due.at)) {
        const close = homeButton(say('slack:home.closeRegistration'), 'close-registration', m.id);
        items.push({
          at: due.at,
          text: say('slack:home.due.registrationCloses', params),
          buttons: [confirmed(locale, close, 'closeRegistration')],
        });
      } else if (due.kind === 'adhesionCloses' && soon(due.at)) {
        items.push({ at: due.at, text: say('slack:home.due.adhesionCloses', params), buttons: [] });
      }
    }
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function mediationBlocks(locale: Locale, m: Overview): Block[] {
  const say = (key: string, params?: Record<string, unknown>) => t(locale, key, params as never);
  const when = (at: Date) => formatDateTime(at, locale);
  const lines = [
    say('slack:home.card.heading', {
      title: locale === 'en' ? m.title.en : m.title.fr,
      slug: m.slug,
      company: m.company,
    }),
    say('slack:home.card.counts', {
      status: say(`common:mediationStatus.${m.status}`),
      admitted: m.participants.admitted,
      submitted: m.participants.submitted,
    }),
  ];
  if (m.closedAt) lines.push(say('slack:home.card.closedAt', { at: when(m.closedAt) }));
  else {
    if ((m.status === 'OPEN' || m.status === 'DRAFT') && m.registrationClosesAt) {
      lines.push(say('slack:home.card.registration', { at: when(m.registrationClosesAt) }));
    }
    if (m.runningVote) {
      const { closesAt, voted, electorate } = m.runningVote;
      lines.push(say('slack:home.card.vote', { at: when(closesAt), voted, electorate }));
    }
    if (m.endsBy) lines.push(say('slack:home.card.endsBy', { at: when(m.endsBy) }));
  }
  const section: Block = { type: 'section', text: plainText(cutText(lines.join('\n'), SECTION_TEXT_LIMIT)) };
  const buttons = cardButtons(locale, m);
  return buttons.length > 0 ? [section, { type: 'actions', elements: buttons }] : [section];
}

/** The actions that fit the mediation's state; a refusal of the core still explains any other case. */
function cardButtons(locale: Locale, m: Overview): types.Button[] {
  const say = (key: string) => t(locale, key);
  if (m.closedAt) return [];
  const buttons: types.Button[] = [];
  if (m.status === 'DRAFT') buttons.push(homeButton(say('slack:home.edit'), 'edit', m.id, 'primary'));
  if (m.status === 'NEGOTIATION' || m.status === 'REJECTED') {
    buttons.push(homeButton(say('slack:home.recordOffer'), 'record-offer', m.id));
  }
  if (m.status === 'NEGOTIATION') buttons.push(homeButton(say('slack:home.openVote'), 'open-vote', m.id));
  if (m.runningVote) {
    buttons.push(
      homeButton(say('slack:home.voteCard'), 'vote-card', m.runningVote.voteId),
      homeButton(say('slack:home.extendVote'), 'extend-vote', m.id),
    );
  }
  if (m.endsBy) buttons.push(homeButton(say('slack:home.extendMediation'), 'extend-mediation', m.id));
  if (m.status !== 'DRAFT') buttons.push(homeButton(say('slack:home.broadcast'), 'broadcast', m.id));
  return buttons;
}

function homeButton(text: string, what: HomeButton, value: string, style?: 'primary' | 'danger') {
  return button({ text, actionId: homeAction(what), value, ...(style ? { style } : {}) });
}

/** Slack asks « are you sure? » itself before sending the press of an irreversible button. */
function confirmed(locale: Locale, element: types.Button, key: string): types.Button {
  const text = (name: string, limit: number) =>
    plainText(cutText(t(locale, `slack:home.confirm.${key}.${name}`), limit));
  return {
    ...element,
    confirm: {
      title: text('title', 100),
      text: text('text', 300),
      confirm: text('yes', 30),
      deny: text('no', 30),
    },
  };
}
