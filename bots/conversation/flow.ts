import type { Core } from '../../core/core.ts';
import type { CoreError } from '../../core/domain/errors.ts';
import type { Locale, TextParams } from '../../core/i18n/index.ts';
import type { Incoming, IncomingEvent, Reply } from './types.ts';

/** The conversation as a flow sees it while handling one incoming event. */
export interface FlowContext {
  core: Core;
  personId: string;
  locale: Locale;
  incoming: Incoming;
  /** Text in the person's language. */
  t(key: string, params?: TextParams): string;
  /** The refusal of a core command, explained in the person's language. */
  explain(error: CoreError): string;
  /** Where the person is now (the flow owning the next free-text answer, its step and its data). */
  state: { flow: string | null; step: string | null; data: Record<string, unknown> };
  /** Where they will be after this event (saved with the replies; `null` flow = no step pending). */
  next(flow: string | null, step?: string | null, data?: Record<string, unknown>): void;
  /** After erasure: keep no conversation state at all for this account. */
  forget(): void;
  /** The public web site's address (PUBLIC_URL), for links to a public mediation's page. */
  publicUrl?: string;
}

/**
 * One part of the journey (browsing, joining, voting…). A flow is started by its commands, receives
 * the buttons whose ids start with its name, and the free text or files sent while it owns the state.
 */
export interface Flow {
  name: string;
  /** Commands that start it, without slash, e.g. `['mesdossiers']`. */
  commands?: readonly string[];
  start?(ctx: FlowContext, args: string): Promise<Reply[]>;
  onChoice?(ctx: FlowContext, action: string, args: string[]): Promise<Reply[]>;
  onInput?(ctx: FlowContext, event: Extract<IncomingEvent, { type: 'text' | 'file' }>): Promise<Reply[]>;
}
