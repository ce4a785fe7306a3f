import { defaultTranslator, formatDateTime, formatMoney, formatNumber } from '../../core/i18n/index.ts';
import type { ActionContext } from './action.ts';
import { sayer } from './define-action.ts';

/** How results show dates, money and offers: Paris time, `1 234,56 €`, the offer in words. */
export function formatter(ctx: ActionContext) {
  const say = sayer(ctx);
  const when = (at: Date | string | null | undefined) =>
    at ? formatDateTime(at, ctx.locale) : say('mediator:common.none');
  const money = (cents: number) => formatMoney(cents, ctx.locale);
  /** `12,5` in French, `12.5` in English; two decimals at most. */
  const decimal = (value: number) => formatNumber(value, ctx.locale);
  /** Basis points as a percentage: 1250 → `12,5`. */
  const percent = (basisPoints: number) => decimal(basisPoints / 100);
  const compensation = (offer: {
    compensationKind: string;
    fixedCents: number | null;
    percentBasisPoints: number | null;
    capCents: number | null;
  }) => {
    if (offer.compensationKind === 'FIXED') {
      return say('mediator:offer.fixed', { amount: money(offer.fixedCents ?? 0) });
    }
    const share = percent(offer.percentBasisPoints ?? 0);
    return offer.capCents
      ? say('mediator:offer.percentCapped', { percent: share, cap: money(offer.capCents) })
      : say('mediator:offer.percent', { percent: share });
  };
  const status = (value: string) => say(`common:mediationStatus.${value}`);
  /** Why a mediation ended: a known code (`company_silent`) in words, or the mediator's own reason. */
  const closingReason = (reason: string | null) => {
    const key = `mediations:closingReasons.${reason}`;
    if (!reason) return say('mediator:common.none');
    return defaultTranslator().hasText(ctx.locale, key) ? say(key) : reason;
  };
  return { say, when, money, decimal, percent, compensation, status, closingReason };
}

/** A title in the action's language. */
export function inLocale(ctx: ActionContext, text: { fr: string; en: string }): string {
  return ctx.locale === 'fr' ? text.fr : text.en;
}
