-- Custom migration (drizzle-kit generate --custom): jobs waiting in the outbox at the upgrade keep
-- what they ask for: their columns move into the new payload (api/outbox/jobs.ts).
UPDATE "outbox" SET "payload" = CASE
  WHEN "kind" = 'sms' THEN jsonb_build_object(
    'smsId', "sms_id",
    'to', "envelope"->'to'->>0,
    'bodyEnc', "sms_body_enc")
  ELSE jsonb_build_object(
    'from', coalesce("envelope"->>'from', ''),
    'to', coalesce("envelope"->'to', '[]'::jsonb))
END;
