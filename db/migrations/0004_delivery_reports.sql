ALTER TABLE "message_recipients" ADD COLUMN "reply" text;--> statement-breakpoint
ALTER TABLE "message_sms" ADD COLUMN "error_code" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sealed_sha256" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "zip_method" text;--> statement-breakpoint
CREATE INDEX "message_sms_provider_ref_idx" ON "message_sms" USING btree ("provider_ref");