ALTER TYPE "public"."mailbox_protocol" ADD VALUE 'forward';--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "inbound_token" text;--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_inbound_token_key" ON "mailboxes" USING btree ("inbound_token");