-- Contract 1.1, the web channel: Global Privacy Control, DPV purpose IRIs and Google Consent Mode v2 per purpose.
-- Purpose is the catalog, not the ledger: its rows are mutable, and existing purposes take the defaults.
ALTER TABLE "Purpose" ADD COLUMN "gpcOptOut" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Purpose" ADD COLUMN "dpvPurpose" TEXT;
ALTER TABLE "Purpose" ADD COLUMN "consentMode" TEXT NOT NULL DEFAULT '[]';
