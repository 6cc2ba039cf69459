CREATE TABLE "import_fingerprints" (
	"tenant_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	CONSTRAINT "import_fingerprints_mailbox_id_fingerprint_pk" PRIMARY KEY("mailbox_id","fingerprint")
);
--> statement-breakpoint
ALTER TABLE "import_fingerprints" ADD CONSTRAINT "import_fingerprints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_fingerprints" ADD CONSTRAINT "import_fingerprints_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;