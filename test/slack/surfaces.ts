import {
  FAKE_TEAM,
  nextTriggerId,
  type SlackUser,
  signedHeaders,
  viewSubmission,
} from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import type { SlackHarness } from './harness.ts';

/**
 * Slack's side of the App Home and of forms, for the tests: the `app_home_opened` event (JSON, signed),
 * a button pressed in the Home tab, and a modal submitted with typed inputs (text, date and time,
 * choice, tick box), each posted to the app as Slack would.
 */

/** An `app_home_opened` event for `user`'s Home tab. */
export async function openHome(h: SlackHarness, user: SlackUser) {
  const before = h.fake.callsOf('views.publish').filter((call) => call.args.user_id === user.id).length;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${nextTriggerId().replace(/\W/g, '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab: 'home', event_ts: '1.2' },
    authorizations: [{ team_id: FAKE_TEAM, user_id: 'U0BOT', is_bot: true }],
  });
  const response = await fetch(h.url, {
    method: 'POST',
    headers: { ...signedHeaders(body), 'content-type': 'application/json' },
    body,
  });
  if (response.status !== 200) throw new Error(`app_home_opened answered ${response.status}`);
  return publishedHome(h, user, before);
}

/** The Home view published for `user` after the first `before` ones. */
export async function publishedHome(h: SlackHarness, user: SlackUser, before: number) {
  const call = await waitFor(
    () => h.fake.callsOf('views.publish').filter((c) => c.args.user_id === user.id)[before],
  );
  return call.args.view as HomeViewSent;
}

export function homePublishedCount(h: SlackHarness, user: SlackUser) {
  return h.fake.callsOf('views.publish').filter((call) => call.args.user_id === user.id).length;
}

export interface HomeViewSent {
  type: string;
  blocks: SentBlock[];
}

export interface SentBlock {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; text?: { text: string } | string; action_id?: string; value?: string }[];
  element?: Record<string, unknown>;
  label?: { text: string };
}

/** Every button of a view, with its text. */
export function buttonsOf(view: { blocks: SentBlock[] }) {
  return view.blocks.flatMap((block) =>
    block.type === 'actions'
      ? (block.elements ?? []).map((element) => ({
          actionId: element.action_id ?? '',
          value: element.value ?? '',
          text: typeof element.text === 'string' ? element.text : (element.text?.text ?? ''),
        }))
      : [],
  );
}

/** The text of a view's headers, sections and context lines. */
export function viewText(view: { blocks: SentBlock[] }): string {
  return view.blocks
    .flatMap((block) => {
      if (block.type === 'section' || block.type === 'header') return [block.text?.text ?? ''];
      if (block.type === 'context')
        return (block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : ''));
      return [];
    })
    .join('\n');
}

/** A button pressed in the App Home (no message, no response_url): `block_actions` from a view. */
export function pressHomeButton(
  h: SlackHarness,
  fields: { actionId: string; value: string; user: SlackUser; triggerId?: string },
) {
  const triggerId = fields.triggerId ?? nextTriggerId();
  const body = new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: fields.user.id, username: fields.user.id.toLowerCase(), team_id: FAKE_TEAM },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'VHOME' },
      trigger_id: triggerId,
      team: { id: FAKE_TEAM, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      view: {
        id: 'VHOME',
        type: 'home',
        team_id: FAKE_TEAM,
        blocks: [],
        private_metadata: '',
        callback_id: '',
      },
      actions: [
        {
          action_id: fields.actionId,
          block_id: 'b1',
          type: 'button',
          value: fields.value,
          action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
        },
      ],
    }),
  }).toString();
  return h.post(body).then((response) => ({ ...response, triggerId }));
}

/** What a mediator put in an input: a text, a date (and time), a choice, a tick box. */
export type Typed = string | { date: string; time?: string } | { option: string } | { ticked: boolean };

/** A form submitted; the HTTP answer's body is the app's `response_action`, if any. */
export async function submitForm(
  h: SlackHarness,
  fields: { callbackId: string; privateMetadata: string; values: Record<string, Typed>; user: SlackUser },
) {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [block, typed] of Object.entries(fields.values)) {
    if (typeof typed === 'string') values[block] = { value: { type: 'plain_text_input', value: typed } };
    else if ('date' in typed) {
      values[block] = { value: { type: 'datepicker', selected_date: typed.date } };
      values[`${block}.time`] = { value: { type: 'timepicker', selected_time: typed.time ?? null } };
    } else if ('option' in typed) {
      values[block] = { value: { type: 'static_select', selected_option: { value: typed.option } } };
    } else {
      values[block] = {
        value: { type: 'checkboxes', selected_options: typed.ticked ? [{ value: 'yes' }] : [] },
      };
    }
  }
  const body = viewSubmission({ ...fields, values });
  const response = await h.post(body);
  // biome-ignore lint/suspicious/noExplicitAny: the app's answer, checked by the tests that read it.
  const answer = (response.text ? JSON.parse(response.text) : undefined) as any;
  return { ...response, answer };
}

/** The modal the app opened with views.open after the first `before` ones. */
export async function openedModal(h: SlackHarness, before: number) {
  const call = await waitFor(() => h.fake.callsOf('views.open')[before]);
  return call.args as { trigger_id: string; view: ModalSent };
}

export interface ModalSent {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: SentBlock[];
}

/** An input's initial value in a modal, whatever its kind. */
export function initialOf(view: ModalSent, blockId: string): unknown {
  const element = view.blocks.find((block) => block.block_id === blockId)?.element ?? {};
  return (
    element.initial_value ??
    element.initial_date ??
    element.initial_time ??
    (element.initial_option as { value?: string } | undefined)?.value
  );
}
