import { DAY } from '../../../core/clock/clock.ts';
import { parisWallTime } from '../../../core/clock/working-days.ts';
import type { Core } from '../../../core/core.ts';
import { type FormField, type Prefill, parisFieldValue } from './fields.ts';

/**
 * The mediator actions Slack offers as forms (product.md §6), each bound to one action of the catalogue
 * (bots/mediator/actions): a form only collects that action's arguments, the action does the rest
 * exactly as `/mediation <action> …` would.
 */
export interface ModalForm {
  /** The catalogue action run on submission; also the form's name in its callback id. */
  action: string;
  /** What the form is about, carried in the modal's private metadata and given to the action. */
  about: 'nothing' | 'mediation' | 'participant';
  fields: readonly FormField[];
  /** Opened by `/mediation <action> [<mediation or file>]` with nothing else typed. */
  fromCommand: boolean;
  /** Values shown when the form opens (the mediation being edited, sensible defaults). */
  prefill?: (core: Core, about: FormSubject) => Promise<Prefill>;
  /** Only the inputs changed from the prefill are sent: the core records which fields were edited. */
  sendOnlyChanges?: boolean;
  /** Irreversible and addressed to people: a second screen shows what they will receive. */
  preview?: boolean;
  /** The form has a short explanation above its inputs: `slack:forms.<key>.intro`. */
  intro?: boolean;
}

/** What a form is about, once checked: a mediation (id and slug) or a participant's file. */
export interface FormSubject {
  mediationId?: string;
  participantId?: string;
}

/** `/mediation nouvelle`: the French word mediators reach for first. */
export const FORM_ALIASES: Record<string, string> = {
  nouvelle: 'create-mediation',
  nouveau: 'create-mediation',
};

const mediationTexts: FormField[] = [
  { arg: 'titleFr', kind: 'text', maxLength: 200 },
  { arg: 'titleEn', kind: 'text', maxLength: 200 },
  { arg: 'summaryFr', kind: 'long', maxLength: 2000 },
  { arg: 'summaryEn', kind: 'long', maxLength: 2000 },
  { arg: 'goalFr', kind: 'long', maxLength: 2000 },
  { arg: 'goalEn', kind: 'long', maxLength: 2000 },
];

const mediationRule: FormField[] = [
  { arg: 'voteBase', kind: 'select', optional: true, options: ['electorate', 'votes-cast'], hint: true },
  { arg: 'threshold', kind: 'text', optional: true, maxLength: 20, hint: true },
  { arg: 'quorum', kind: 'text', optional: true, maxLength: 20, hint: true },
  { arg: 'registrationClosesAt', kind: 'dateTime', optional: true, hint: true },
  { arg: 'question', kind: 'lines', optional: true, maxLength: 3000, hint: true },
];

const reason: FormField = { arg: 'reason', kind: 'long', maxLength: 1000, hint: true };

export const modalForms: readonly ModalForm[] = [
  {
    action: 'create-mediation',
    about: 'nothing',
    fromCommand: true,
    intro: true,
    fields: [
      { arg: 'company', kind: 'text', maxLength: 100, hint: true },
      { arg: 'companyName', kind: 'text', optional: true, maxLength: 200, hint: true },
      { arg: 'slug', kind: 'text', maxLength: 60, hint: true },
      ...mediationTexts,
      ...mediationRule,
    ],
  },
  {
    action: 'edit-mediation',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    sendOnlyChanges: true,
    fields: [...mediationTexts, ...mediationRule].map((field) => ({ ...field, optional: true })),
    prefill: editPrefill,
  },
  {
    action: 'record-offer',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    fields: [
      { arg: 'termsFr', kind: 'long', maxLength: 4000 },
      { arg: 'termsEn', kind: 'long', maxLength: 4000 },
      { arg: 'fixed', kind: 'text', optional: true, maxLength: 30, hint: true },
      { arg: 'percent', kind: 'text', optional: true, maxLength: 10, hint: true },
      { arg: 'cap', kind: 'text', optional: true, maxLength: 30, hint: true },
      { arg: 'minAdhesions', kind: 'text', optional: true, maxLength: 9, hint: true },
    ],
  },
  {
    action: 'open-vote',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    fields: [{ arg: 'closesAt', kind: 'dateTime', hint: true }],
    // A week from now at 18:00, Paris time: a common choice, easy to change.
    prefill: async (core) => {
      const day = parisFieldValue(new Date(core.deps.clock.now().getTime() + 7 * DAY)).split('T')[0];
      return { closesAt: `${day}T18:00` };
    },
  },
  {
    action: 'extend-vote',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    fields: [{ arg: 'hours', kind: 'text', maxLength: 2, hint: true }, reason],
  },
  {
    action: 'extend-mediation',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    fields: [{ arg: 'days', kind: 'text', optional: true, maxLength: 2, hint: true }, reason],
  },
  {
    action: 'reject',
    about: 'participant',
    fromCommand: true,
    intro: true,
    fields: [reason],
  },
  {
    action: 'broadcast',
    about: 'mediation',
    fromCommand: true,
    intro: true,
    preview: true,
    fields: [{ arg: 'message', kind: 'long', maxLength: 2000, hint: true }],
  },
  {
    action: 'annual-report',
    about: 'nothing',
    fromCommand: false,
    fields: [{ arg: 'year', kind: 'text', optional: true, maxLength: 4, hint: true }],
    prefill: async (core) => ({ year: String(parisWallTime(core.deps.clock.now()).year) }),
  },
];

export function findForm(action: string): ModalForm | undefined {
  return modalForms.find((form) => form.action === action);
}

/** A mediation as its edit form shows it: the words `/mediation edit-mediation` would take. */
async function editPrefill(core: Core, about: FormSubject): Promise<Prefill> {
  const m = about.mediationId ? await core.query.mediationDetails({ mediationId: about.mediationId }) : null;
  if (!m) return {};
  const card = m.ruleCard;
  const yesNo = (answer: boolean) => (answer ? 'oui' : 'non');
  return {
    titleFr: m.title.fr,
    titleEn: m.title.en,
    summaryFr: m.summary.fr,
    summaryEn: m.summary.en,
    goalFr: m.goal.fr,
    goalEn: m.goal.en,
    voteBase: card.base === 'VOTES_CAST' ? 'votes-cast' : 'electorate',
    threshold: `${card.threshold.numerator}/${card.threshold.denominator}`,
    ...(card.quorum ? { quorum: `${card.quorum.numerator}/${card.quorum.denominator}` } : {}),
    ...(m.registrationClosesAt ? { registrationClosesAt: parisFieldValue(m.registrationClosesAt) } : {}),
    question: m.eligibilityQuestions
      .map((question) => `${question.text.fr} | ${question.text.en} | ${yesNo(question.requiredAnswer)}`)
      .join('\n'),
  };
}
