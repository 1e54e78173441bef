ALTER TABLE "message_recipients" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_sms" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;