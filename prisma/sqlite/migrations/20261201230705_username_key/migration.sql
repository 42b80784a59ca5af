-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN "username_key" TEXT;

-- Existing usernames are ASCII (the only characters signup ever allowed), so lower() is their
-- NFKC + lowercase key. Two names differing only in case would make the index below fail: rename
-- one of them first.
UPDATE "auth_user" SET "username_key" = lower("username");

-- CreateIndex
CREATE UNIQUE INDEX "auth_user_username_key_key" ON "auth_user"("username_key");

