import { z } from 'zod';
import type { ActionResult, MediatorAction } from '../../bots/mediator/action.ts';
import { renderError } from '../../core/i18n/index.ts';

/**
 * Small mediator actions for the transport's tests, so they do not depend on the real catalogue:
 * one with an effect in the database, an irreversible one, one that hands over a file, a long one.
 */
const companyArgs = z.object({ slug: z.string().min(2).max(60), name: z.string().min(1).max(200) });

function createsCompany(name: string, irreversible: boolean): MediatorAction<z.infer<typeof companyArgs>> {
  return {
    name,
    summaryKey: 'slack:help.title',
    args: companyArgs,
    positional: ['slug', 'name'],
    irreversible,
    async run(ctx, args): Promise<ActionResult> {
      const created = await ctx.core.createCompany(ctx.actor, { slug: args.slug, name: args.name });
      if (!created.ok)
        return { ok: false, text: renderError(ctx.locale, created.error), error: created.error };
      return { ok: true, text: `Entreprise « ${args.name} » enregistrée.`, data: created.value };
    },
  };
}

export const createCompanyAction = createsCompany('create-company', false);
export const foundCompanyAction = createsCompany('found-company', true);

export const exportAction: MediatorAction = {
  name: 'export-csv',
  summaryKey: 'slack:help.title',
  args: z.object({}),
  positional: [],
  async run() {
    return {
      ok: true,
      text: 'Export prêt.',
      data: { rows: 2 },
      file: { name: 'participants.csv', mimeType: 'text/csv', content: 'numero;statut\n1;ADMIS\n2;REFUSE\n' },
    };
  },
};

/** 220 lines of 2,990 characters: more than four messages of 50 sections. */
export const longAction: MediatorAction = {
  name: 'long-report',
  summaryKey: 'slack:help.title',
  args: z.object({}),
  positional: [],
  async run() {
    const lines = Array.from(
      { length: 220 },
      (_, index) => `${String(index).padStart(3, '0')} ${'x'.repeat(2986)}`,
    );
    return { ok: true, text: lines.join('\n'), data: null };
  },
};

export const probeActions = [
  createCompanyAction,
  foundCompanyAction,
  exportAction,
  longAction,
] as MediatorAction[];
