-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN "email" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "auth_user_email_key" ON "auth_user"("email");

