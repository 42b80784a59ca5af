-- AlterTable
ALTER TABLE "auth_session" ADD COLUMN     "session_data" TEXT NOT NULL DEFAULT '{}',
ALTER COLUMN "user_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "auth_event" (
    "id" SERIAL NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "user_id" INTEGER,
    "username" TEXT,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "detail" TEXT,

    CONSTRAINT "auth_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_event_user_id_created_at_idx" ON "auth_event"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "auth_event_created_at_idx" ON "auth_event"("created_at");

-- CreateIndex
CREATE INDEX "auth_event_event_created_at_idx" ON "auth_event"("event", "created_at");

