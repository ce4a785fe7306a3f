import type { Clock } from './clock/clock.ts';
import type { Config } from './config/config.ts';
import type { Logger } from './config/logger.ts';
import type { Database } from './db/connect.ts';
import type { Metrics } from './observability/metrics.ts';
import type { EvidenceStore } from './storage/evidence-store.ts';

/** Everything the core needs from the outside world, passed in so tests can swap any of it. */
export interface CoreDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  evidence: EvidenceStore;
  limits: CoreLimits;
  /** Counters for `/metrics`; without them (scripts, most tests) nothing is counted. */
  metrics?: Metrics;
  /** The privacy notice's controller and retention; without it, the demo's examples (`defaultPrivacy`). */
  privacy?: PrivacySettings;
  /** The public web site's address (`PUBLIC_URL`), for the links mediators hand out (the company's portal). */
  publicUrl?: string;
  /** Sends e-mail (`SMTP_URL`): the company's invitation. Without it, mediators forward the text. */
  mailer?: Mailer;
}

/** An e-mail in plain text: the only kind the service sends (to a company's contact). */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** What the privacy notice states and the retention clock enforces (README: Personal data). */
export interface PrivacySettings {
  /** The controller's name; undefined: the notice shows an example and says so. */
  controller?: string;
  /** How to reach them (an e-mail or postal address); undefined: an example, said so. */
  contact?: string;
  /** Months after a mediation closes before its personal data is pseudonymised. */
  retentionMonths: number;
}

export const defaultPrivacy: PrivacySettings = { retentionMonths: 12 };

export const privacyOf = (deps: Pick<CoreDeps, 'privacy'>): PrivacySettings => deps.privacy ?? defaultPrivacy;

/** The privacy settings a configuration sets. */
export function privacyFromConfig(
  config: Pick<Config, 'PRIVACY_CONTROLLER' | 'PRIVACY_CONTACT' | 'RETENTION_MONTHS'>,
): PrivacySettings {
  return {
    ...(config.PRIVACY_CONTROLLER ? { controller: config.PRIVACY_CONTROLLER } : {}),
    ...(config.PRIVACY_CONTACT ? { contact: config.PRIVACY_CONTACT } : {}),
    retentionMonths: config.RETENTION_MONTHS,
  };
}

export interface CoreLimits {
  /** Largest amount a consumer may claim, in cents. */
  maxClaimCents: number;
  /** Largest evidence file, in bytes. */
  maxEvidenceBytes: number;
  /** How long registration may stay open, in days (the 90-day limit starts with the first file). */
  maxRegistrationDays: number;
}

export const defaultLimits: CoreLimits = {
  maxClaimCents: 1_000_000 * 100,
  maxEvidenceBytes: 20 * 1024 * 1024,
  maxRegistrationDays: 30,
};

/** The limits a configuration sets (euros and megabytes there, cents and bytes here). */
export function limitsFromConfig(
  config: Pick<Config, 'MAX_CLAIM_EUROS' | 'MAX_EVIDENCE_MB' | 'REGISTRATION_MAX_DAYS'>,
): CoreLimits {
  return {
    maxClaimCents: config.MAX_CLAIM_EUROS * 100,
    maxEvidenceBytes: config.MAX_EVIDENCE_MB * 1024 * 1024,
    maxRegistrationDays: config.REGISTRATION_MAX_DAYS,
  };
}
