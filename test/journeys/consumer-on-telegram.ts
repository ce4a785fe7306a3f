import { expect } from 'vitest';
import { t as text } from '../../core/i18n/index.ts';
import type { FakePerson, FakeTelegram } from '../support/fake-telegram.ts';
import { exchange, press, say } from '../telegram/harness.ts';

export interface Complaint {
  lang: 'fr' | 'en';
  description: string;
  amount: string;
  /** A proof sent as a document, by its name. */
  proof?: { name: string; bytes: Uint8Array };
  /** Lets the company read the description (issue 15), from the last screen before sending. */
  shareWithCompany?: boolean;
}

/**
 * A consumer opening the mediation's deep link and going through the whole joining chat with the
 * buttons and answers a person gives, up to « Envoyer mon dossier ». Returns what the bot answered last.
 */
export async function joinThroughTheChat(
  fake: FakeTelegram,
  person: FakePerson,
  slug: string,
  complaint: Complaint,
): Promise<string> {
  const say_ = (key: string) => text(complaint.lang, key);
  await exchange(person, () => person.sendCommand(`/start ${slug}`));
  await press(person, say_('joining:details.join'));
  for (let consent = 0; consent < 3; consent++) await press(person, say_('joining:join.accept'));
  expect(await press(person, say_('common:yes'))).toContain(say_('joining:join.askDescription').slice(0, 20));
  await say(person, complaint.description);
  await say(person, complaint.amount);
  await say(person, '15/01/2026');
  expect(await say(person, '02/02/2026')).toContain(say_('joining:join.evidenceDone'));
  if (complaint.proof) {
    const file = fake.addFile(complaint.proof.bytes);
    await exchange(person, () =>
      person.sendDocument({ file_id: file.fileId, file_size: file.size, file_name: complaint.proof?.name }),
    );
  }
  const review = await press(person, say_('joining:join.evidenceDone'));
  if (complaint.shareWithCompany) {
    expect(review).toContain(say_('joining:review.sharing.no'));
    expect(await press(person, say_('joining:review.share'))).toContain(say_('joining:review.sharing.yes'));
  }
  return press(person, say_('joining:review.send'));
}

/** A small PDF, by its magic bytes (what the core checks), unique by its seed. */
export function pdfBytes(seed: number): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% facture ${seed}\n%%EOF\n`);
}
