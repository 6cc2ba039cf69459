CREATE TYPE "public"."sender_filter" AS ENUM('anyone', 'contacts');--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"organization_id" uuid,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_domains" (
	"tenant_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"domain" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Existing tenants stay unmarked (lib/contacts/backfill-contacts.ts makes their contacts); new ones start marked.
ALTER TABLE "tenants" ADD COLUMN "contacts_backfilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "contacts_backfilled_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "create_contacts" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sender_filter" "sender_filter" DEFAULT 'anyone' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "confirm_unknown_senders" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "confirmation_expiry_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "confirmation_status" text;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "confirmation_message_id" text;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "confirmation_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "confirmation_error" text;--> statement-breakpoint
ALTER TABLE "ignored_messages" ADD COLUMN "confirmation_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_merged_into_id_contacts_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_tenant_email_key" ON "contacts" USING btree ("tenant_id","email");--> statement-breakpoint
CREATE INDEX "contacts_tenant_created_idx" ON "contacts" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "contacts_organization_id_index" ON "contacts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "contacts_merged_into_id_index" ON "contacts" USING btree ("merged_into_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organization_domains_tenant_domain_key" ON "organization_domains" USING btree ("tenant_id","domain");--> statement-breakpoint
CREATE INDEX "organization_domains_organization_id_index" ON "organization_domains" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_tenant_name_key" ON "organizations" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "organizations_tenant_created_idx" ON "organizations" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_contact_activity_idx" ON "cases" USING btree ("contact_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "ignored_messages_confirmation_idx" ON "ignored_messages" USING btree ("tenant_id","confirmation_message_id") WHERE "ignored_messages"."confirmation_message_id" is not null;