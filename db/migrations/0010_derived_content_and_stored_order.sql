ALTER TABLE "case_messages" ADD COLUMN "display" jsonb;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "display_version" integer;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "preview" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "stored_seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "case_messages_stored_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "case_messages_display_version_idx" ON "case_messages" USING btree (coalesce("display_version", 0));