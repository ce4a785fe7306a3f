import { type Locale, t } from '../../core/i18n/index.ts';
import type { MediatorAction } from '../mediator/action.ts';
import { mediatorActions } from '../mediator/actions/index.ts';
import { describeArgs } from '../mediator/run-action.ts';

/** `npm run admin -- --help`: every action with its one-line summary, then how to write arguments. */
export function generalHelp(locale: Locale): string {
  const width = Math.max(...mediatorActions.map((action) => action.name.length));
  const lines = mediatorActions.map(
    (action) =>
      `  ${action.name.padEnd(width)}  ${t(locale, action.summaryKey)}${action.irreversible ? ' *' : ''}`,
  );
  return [
    t(locale, 'mediator:cli.usage'),
    '',
    t(locale, 'mediator:cli.actions'),
    ...lines,
    '',
    t(locale, 'mediator:cli.helpFooter'),
  ].join('\n');
}

/** `npm run admin -- <action> --help`: its usage line and each argument with what it expects. */
export function actionHelp(action: MediatorAction<never>, locale: Locale): string {
  const args = describeArgs(action);
  const usage = args.map((arg) => {
    const placeholder = `<${arg.option}>${arg.repeatable ? '…' : ''}`;
    const written = arg.position === null ? `--${arg.option} ${placeholder}` : placeholder;
    return arg.required ? written : `[${written}]`;
  });
  const width = Math.max(0, ...args.map((arg) => arg.option.length + 2));
  const details = args.map((arg) => {
    const label = arg.position === null ? `--${arg.option}` : arg.option;
    const marks = [
      t(locale, arg.required ? 'mediator:cli.required' : 'mediator:cli.optional'),
      ...(arg.repeatable ? [t(locale, 'mediator:cli.repeatable')] : []),
    ];
    return `  ${label.padEnd(width)}  ${t(locale, arg.descriptionKey)} (${marks.join(', ')})`;
  });
  return [
    t(locale, action.summaryKey),
    '',
    t(locale, 'mediator:cli.actionUsage', { usage: [action.name, ...usage].join(' ') }),
    ...(details.length > 0 ? ['', t(locale, 'mediator:cli.arguments'), ...details] : []),
    ...(action.irreversible ? ['', t(locale, 'mediator:cli.irreversibleNote')] : []),
  ].join('\n');
}
