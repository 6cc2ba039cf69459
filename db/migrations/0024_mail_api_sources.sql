ALTER TYPE "public"."mailbox_protocol" ADD VALUE 'graph';--> statement-breakpoint
ALTER TYPE "public"."mailbox_protocol" ADD VALUE 'gmail-api';--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "oauth_grant_type" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "api_base_url" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "api_user" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sync_cursor" text;