ALTER TABLE "login_locks" DROP CONSTRAINT "login_locks_one_subject";--> statement-breakpoint
ALTER TABLE "login_locks" DROP CONSTRAINT "login_locks_account_id_accounts_id_fk";
--> statement-breakpoint
DROP INDEX "login_locks_account_key";--> statement-breakpoint
ALTER TABLE "login_failures" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "login_locks" ADD COLUMN "email" text;--> statement-breakpoint
CREATE INDEX "login_failures_email_at_idx" ON "login_failures" USING btree ("email","at");--> statement-breakpoint
CREATE UNIQUE INDEX "login_locks_email_key" ON "login_locks" USING btree ("email");--> statement-breakpoint
ALTER TABLE "login_locks" ADD CONSTRAINT "login_locks_one_subject" CHECK ("login_locks"."email" is null or "login_locks"."ip" is null);