-- AlterTable (in place: SQLite adds a NOT NULL column with a constant default without copying the table)
ALTER TABLE "auth_event" ADD COLUMN "name_hash" TEXT;
ALTER TABLE "auth_session" ADD COLUMN "auth_version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "auth_user" ADD COLUMN "auth_version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "auth_user" ADD COLUMN "imported_hash_digest" TEXT;

-- CreateIndex
CREATE INDEX "auth_event_name_hash_idx" ON "auth_event"("name_hash");

-- A failed login for a name that is no account recorded the name as typed (it may have been a
-- password). From now on only a keyed hash of it is kept, and the old names go.
UPDATE "auth_event" SET "username" = NULL WHERE "user_id" IS NULL AND "username" IS NOT NULL;
