CREATE TYPE "public"."sender_verification" AS ENUM('enforce', 'record', 'off');--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sender_verification" "sender_verification";--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "trusted_authserv_id" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "spam_filter" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "spam_score_threshold" double precision;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "spam_scl_threshold" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "sender_auth" jsonb;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "sender_auth" jsonb;