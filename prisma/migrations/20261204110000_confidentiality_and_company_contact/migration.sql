-- Issue 12, the law's duties of confidentiality and notice.
--
-- L612-3: a mediation is confidential. Its public news (the community servers' announcement channels)
-- go out only once a mediator has marked it public, the parties having agreed; `news_public_since` is
-- when, `news_public_agreement` how the parties agreed, in the mediator's words (who marked it is the
-- audit log's `mediation.newsMadePublic` entry). Null is private, the default: every mediation that
-- existed before this migration becomes private (the demo data marks its own mediations public).
ALTER TABLE "mediation"
    ADD COLUMN "news_public_since" TIMESTAMPTZ(3),
    ADD COLUMN "news_public_agreement" TEXT,
    ADD CONSTRAINT "mediation_news_public_check" CHECK (
        ("news_public_since" IS NULL) = ("news_public_agreement" IS NULL)
        AND ("news_public_agreement" IS NULL OR length(btrim("news_public_agreement")) > 0));

-- R612-2: the company is notified that the mediation is seized for it. How it was notified: `MANUAL`
-- (a mediator sent the notice the service generated, as long as no channel to the company is
-- configured) or `EMAIL` (sent by the service).
CREATE TYPE "CompanyNoticeChannel" AS ENUM ('MANUAL', 'EMAIL');
ALTER TABLE "mediation"
    ADD COLUMN "company_notified_via" "CompanyNoticeChannel",
    ADD CONSTRAINT "mediation_company_notified_check" CHECK (
        "company_notified_via" IS NULL OR "company_invited_at" IS NOT NULL);

-- The company's contact: the person the notice is addressed to.
ALTER TABLE "company" ADD COLUMN "contact_name" TEXT;
