CREATE TYPE "public"."attachment_over_limit" AS ENUM('strip', 'hold');--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "reply_template" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "attachment_max_count" integer;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "attachment_max_bytes" integer;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "attachment_over_limit" "attachment_over_limit" DEFAULT 'strip' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "trusted_arc_sealers" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "typed_text" text;