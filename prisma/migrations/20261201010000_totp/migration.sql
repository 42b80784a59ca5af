-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN "totp_last_step" INTEGER;
ALTER TABLE "auth_user" ADD COLUMN "totp_secret" TEXT;

-- CreateTable
CREATE TABLE "auth_recovery_code" (
    "code_hash" TEXT NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "used_at" DATETIME,
    CONSTRAINT "auth_recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "auth_recovery_code_user_id_idx" ON "auth_recovery_code"("user_id");

