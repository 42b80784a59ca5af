-- AlterTable
ALTER TABLE "auth_event" ADD COLUMN     "name_hash" TEXT;

-- AlterTable
ALTER TABLE "auth_session" ADD COLUMN     "auth_version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN     "auth_version" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "auth_event_name_hash_idx" ON "auth_event"("name_hash");

