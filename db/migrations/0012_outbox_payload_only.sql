ALTER TABLE "outbox" DROP CONSTRAINT "outbox_sms_id_message_sms_id_fk";
--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "payload" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "envelope";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "sms_id";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "sms_body_enc";