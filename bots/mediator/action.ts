import type { z } from 'zod';
import type { Core } from '../../core/core.ts';
import type { Actor } from '../../core/domain/actor.ts';
import type { CoreError } from '../../core/domain/errors.ts';
import type { Locale } from '../../core/i18n/locale.ts';

/**
 * One thing a mediator can do (product.md §6), written once and offered by every mediator interface:
 * the admin command line (`npm run admin -- <name> …`) and Slack (`/mediation <name> …`, modals, the
 * App Home buttons). Interfaces parse words into `args`, ask for confirmation when `irreversible`, run
 * it with a mediator actor they have checked, and render the result their own way.
 */
export interface MediatorAction<Args = Record<string, unknown>> {
  /** The word typed after the command: `open-vote`. Lowercase, hyphenated, unique. */
  name: string;
  /** i18n key of a one-line description shown in help: `mediator:actions.openVote.summary`. */
  summaryKey: string;
  /** Every argument, validated; a failure is shown to the mediator with the field it concerns. */
  args: z.ZodType<Args>;
  /** Arguments that may be given without their name, in this order: `open-vote <mediation> <closes-at>`. */
  positional: readonly string[];
  /** Cannot be undone (cancel, close, reject…): interfaces confirm first (CLI `--yes`, Slack dialog). */
  irreversible?: boolean;
  run(ctx: ActionContext, args: Args): Promise<ActionResult>;
}

export interface OutputFile {
  /** A safe name for a disk: no folders, the right extension. */
  name: string;
  /** The name a person gave it, when it had one (shown in Slack), with the right extension too. */
  label?: string;
  mimeType: string;
  content: string | Uint8Array;
}

/** Every file a result hands over, whether one (an export) or several (proofs). */
export function handedOver(result: ActionResult): OutputFile[] {
  return result.ok ? [...(result.file ? [result.file] : []), ...(result.files ?? [])] : [];
}

export interface ActionContext {
  core: Core;
  /** A mediator actor, built only after checking the configured mediator list. */
  actor: Actor;
  /** The language the result is written in. */
  locale: Locale;
}

export type ActionResult =
  | {
      ok: true;
      /** Human-readable result in `locale`: plain text with line breaks, no platform markup. */
      text: string;
      /** The same result as data, for `--json` and for interfaces that draw their own layout. */
      data: unknown;
      /** A file to hand over (CSV export): the CLI writes it (`--out` is its path), Slack uploads it. */
      file?: OutputFile;
      /** Files handed over together (proofs): the CLI writes them into `--out`'s folder, Slack uploads each. */
      files?: OutputFile[];
    }
  | { ok: false; text: string; error: CoreError };
